"""`mesascope info`: what a transcript holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.references import check_references
from tui.safe_text import one_line


def transcript_info(path: Path) -> dict[str, Any]:
    """Counts from a fully validated pass over the file (which also checks the references
    between events: `broken_references` counts them, `references` says the first) and the
    index pass."""
    with TranscriptReader(path) as reader:
        refs = check_references(reader.events())
        reader.index()
        h = reader.header
        return {
            "path": str(path),
            "schema_version": h.schema_version,
            "loop": h.loop,
            "scaffold": h.scaffold,
            "model": h.model.id,
            "task": h.task.name,
            "instance": h.task.instance,
            "seed": h.seed,
            "steps": reader.n_steps,
            "branches": max(1, len(reader.tree.leaves)) if reader.n_steps else 0,
            "branch_points": len(reader.tree.branch_points),
            "events": dict(sorted(reader.kind_counts.items())),
            "truncated": reader.truncated,
            "broken_references": refs.total,
            "references": refs.summary() or "ok",
        }


JSON_ONLY = {"broken_references"}
"""Keys the text output leaves out: `references` says the same in words."""


def run_info(path: Path, as_json: bool) -> None:
    info = transcript_info(path)
    if as_json:
        print(json.dumps(info))
        return
    for key, value in info.items():
        if key in JSON_ONLY:
            continue
        text = json.dumps(value) if isinstance(value, dict) else str(value)
        print(f"{key:>14}  {one_line(text)}")
