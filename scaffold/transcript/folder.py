"""Which files in a folder are transcripts, as `score DIR` and the sweep tools count them.

A folder's transcripts are its `*.jsonl` files in name order, hidden files left out, as the
shell glob `DIR/*.jsonl` gives them. Derived transcripts (`*.implicit.jsonl`, what `extract`
writes beside a run) are left out: next to their sources they would count the same texts twice.
"""

from __future__ import annotations

from pathlib import Path

DERIVED_SUFFIX = ".implicit.jsonl"
"""What `extract` appends to a transcript's stem by default."""


def transcripts_in(folder: Path) -> list[Path]:
    """The recorded transcripts directly in `folder`, in name order."""
    return sorted(
        (p for p in folder.glob("*.jsonl")
         if p.is_file() and not p.name.startswith(".") and not p.name.endswith(DERIVED_SUFFIX)),
        key=lambda p: p.name,
    )
