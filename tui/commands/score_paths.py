"""The transcripts `score` reads when it is given directories as well as files.

A directory stands for its transcripts in name order, as the shell glob `DIR/*.jsonl` gives
them, hidden files left out (a pooled report's bootstrap resamples decisions in file order). A
sweep's directory stands for `DIR/runs/*.jsonl`, the runs it recorded. Derived transcripts
(`*.implicit.jsonl`, written by `extract`) are left out: next to their sources they would count
the same texts twice. Named one by one, they are scored like any transcript.
"""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import InputError
from scaffold.implicit.derive import DERIVED_SUFFIX

SWEEP_RUNS = "runs"


def transcript_paths(paths: list[Path]) -> list[Path]:
    """`paths` with each directory replaced by the transcripts in it; files kept as given."""
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(_in_directory(path) if path.is_dir() else [path])
    return expanded


def _in_directory(directory: Path) -> list[Path]:
    runs = directory / SWEEP_RUNS
    folder = runs if runs.is_dir() else directory
    found = sorted(
        (p for p in folder.glob("*.jsonl")
         if p.is_file() and not p.name.startswith(".") and not p.name.endswith(DERIVED_SUFFIX)),
        key=lambda p: p.name,
    )
    if not found:
        where = f"{directory}/{SWEEP_RUNS}" if folder is runs else str(directory)
        raise InputError(f"{where}: no transcripts (*.jsonl) in this directory")
    return found
