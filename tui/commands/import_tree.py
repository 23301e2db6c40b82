"""`mesascope import tree`: a generic search-tree file (docs/importers.md) to a transcript."""

from __future__ import annotations

import sys
from pathlib import Path

from scaffold.counted import counted
from scaffold.importers.tree import import_tree
from tui.safe_text import inert, one_line


def run_import_tree(file: Path, out: Path | None, force: bool) -> None:
    """Print the written path on stdout (for piping into `score`) and a summary on stderr."""
    done = import_tree(file, out, force=force)
    print(inert(str(done.path)))
    print(one_line(f"imported {counted(done.nodes, 'node')} ({counted(done.steps, 'step')}, "
                   f"{counted(done.decisions, 'selection')}) from {file.name}"), file=sys.stderr)
