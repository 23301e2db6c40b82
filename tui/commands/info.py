"""`mesascope info`: what a transcript holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scaffold.transcript.reader import TranscriptReader
from tui.safe_text import one_line


def transcript_info(path: Path) -> dict[str, Any]:
    """Counts from a fully validated pass over the file."""
    with TranscriptReader(path) as reader:
        reader.index(validate=True)
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
        }


def run_info(path: Path, as_json: bool) -> None:
    info = transcript_info(path)
    if as_json:
        print(json.dumps(info))
        return
    for key, value in info.items():
        text = json.dumps(value) if isinstance(value, dict) else str(value)
        print(f"{key:>14}  {one_line(text)}")
