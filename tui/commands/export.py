"""`mesascope export`: a transcript as json, npz or md, with a one-line summary on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

from scaffold.errors import InputError
from scaffold.transcript.export import ExportFormat, export_transcript
from tui.safe_text import one_line

FORMATS: tuple[ExportFormat, ...] = ("json", "npz", "md")


def run_export(path: Path, fmt: str, out: Path | None, force: bool = False) -> Path:
    """Write `path` as `fmt` to `out` (default: `path` with the format's suffix), then say so."""
    known = _format(fmt)
    if out is None and not path.name:
        raise InputError(f"{str(path)!r}: no file name to name the output after; give --out")
    target = out or path.with_suffix(f".{fmt}")
    export_transcript(path, known, target, force=force)
    print(one_line(f"exported {fmt} of {path} -> {target}", limit=400), file=sys.stderr)
    return target


def _format(fmt: str) -> ExportFormat:
    for known in FORMATS:
        if fmt == known:
            return known
    raise InputError(f"--format: expected json, npz or md, got {fmt!r}")
