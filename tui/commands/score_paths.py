"""The transcripts `score` reads when it is given directories as well as files.

A directory stands for its transcripts (`scaffold.transcript.folder`) in name order, which a
pooled report's bootstrap depends on; a sweep's directory for `DIR/runs/*.jsonl`, the runs it
recorded. Derived transcripts named one by one are scored like any transcript.

The same file named twice (`x x`, `./x x`, `DIR DIR/x.jsonl`, a symlink or hard link to it) is
scored once: `unique_paths`. Pooling a run twice would overstate the evidence.
"""

from __future__ import annotations

import os
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


def unique_paths(paths: list[Path]) -> tuple[list[Path], int]:
    """`paths` with every later name of an already-seen file dropped, in first-seen order, and
    how many were dropped. Files are the same if they are the same inode (symlinks, hard
    links), or, where one cannot be read, the same resolved path."""
    seen: set[tuple[int, int] | str] = set()
    kept: list[Path] = []
    for path in paths:
        key = _identity(path)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept, len(paths) - len(kept)


def _identity(path: Path) -> tuple[int, int] | str:
    try:
        info = path.stat()
    except OSError:  # missing (or in a folder we may not enter): scoring it will say so
        return os.path.realpath(path)
    except ValueError:  # a NUL byte in the name
        return str(path)
    return info.st_dev, info.st_ino
