"""`mesascope import tot`: Tree of Thoughts logs to transcripts, one per problem."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from scaffold.counted import counted
from scaffold.importers.tot import import_tot
from tui.safe_text import inert, one_line


def run_import_tot(log: Path, out: Path, force: bool) -> None:
    """Print each written path on stdout (for piping into `score`) and a summary on stderr."""
    written = import_tot(log, out, force=force)
    for item in written:
        print(inert(str(item.path)))
    kinds = Counter(item.scaffold for item in written)
    decisions = sum(item.decisions for item in written)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    print(
        one_line(
            f"imported {counted(len(written), 'problem')} ({summary}; "
            f"{counted(decisions, 'select event')}) "
            f"from {log.name} into {out}"
        ),
        file=sys.stderr,
    )
