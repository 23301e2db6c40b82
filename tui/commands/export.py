"""`mesascope export`: a transcript as json, npz or md, with a one-line summary on stderr,
after a one-line warning there when references between its events are broken (the file is
still exported, and the exit code stays 0)."""

from __future__ import annotations

import sys
from pathlib import Path

from scaffold.errors import InputError
from scaffold.transcript.export import ExportFormat, export_transcript
from scaffold.transcript.references import ReferenceCheck
from tui.safe_text import one_line

FORMATS: tuple[ExportFormat, ...] = ("json", "npz", "md")


def run_export(path: Path, fmt: str, out: Path | None, force: bool = False) -> Path:
    """Write `path` as `fmt` to `out` (default: `path` with the format's suffix), then say so."""
    known = _format(fmt)
    if out is None and not path.name:
        raise InputError(f"{str(path)!r}: no file name to name the output after; give --out")
    target = out or path.with_suffix(f".{fmt}")
    warn_references(path, export_transcript(path, known, target, force=force))
    print(one_line(f"exported {fmt} of {path} -> {target}", limit=400), file=sys.stderr)
    return target


def _format(fmt: str) -> ExportFormat:
    for known in FORMATS:
        if fmt == known:
            return known
    raise InputError(f"--format: expected json, npz or md, got {fmt!r}")


def warn_references(path: Path, check: ReferenceCheck) -> None:
    """One inert line on stderr when `check` found broken references between the events of
    `path`; nothing when it found none. A warning: the command goes on and exits 0."""
    summary = check.summary()
    if summary:
        print(f"mesascope: warning: {one_line(f'{path}: {summary}', 1000)}", file=sys.stderr)
