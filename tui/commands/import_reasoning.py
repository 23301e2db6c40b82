"""`mesascope import reasoning`: reasoning texts (JSON Lines) to one transcript per line."""

from __future__ import annotations

import sys
from pathlib import Path

from scaffold.counted import counted
from scaffold.implicit.reasoning_import import import_reasoning
from tui.safe_text import inert, one_line


def run_import_reasoning(file: Path, out: Path, force: bool) -> None:
    """Each written path on stdout (for piping into `extract` or `score`), a summary on stderr."""
    written = import_reasoning(file, out, force=force)
    for path in written:
        print(inert(str(path)))
    print(one_line(f"imported {counted(len(written), 'reasoning text')} from {file.name} "
                   f"into {out}"), file=sys.stderr)
