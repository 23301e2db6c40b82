"""The transcripts `score` reads when it is given directories as well as files.

A directory stands for its transcripts (`scaffold.transcript.folder`) in name order, which a
pooled report's bootstrap depends on; a sweep's directory for `DIR/runs/*.jsonl`, the runs it
recorded. Derived transcripts named one by one are scored like any transcript.
"""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import InputError
from scaffold.transcript.folder import transcripts_in

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
    found = transcripts_in(folder)
    if not found:
        where = f"{directory}/{SWEEP_RUNS}" if folder is runs else str(directory)
        raise InputError(f"{where}: no transcripts (*.jsonl) in this directory")
    return found
