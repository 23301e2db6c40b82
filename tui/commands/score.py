"""`mesascope score`: the search verdict and its evidence for one or more transcripts.

Reports are printed as each transcript is scored, in the order given, so a long run shows its
results as it goes and an interrupted one keeps what it printed. When stdout is redirected to a
file and stderr is a terminal, a progress bar on stderr counts the transcripts.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from scaffold.scoring import pool as pool_reports
from scaffold.scoring import render_card, score_transcript
from scaffold.scoring.many import ScoreOne, iter_reports, workers_for
from scaffold.scoring.report import ScoreReport
from tui.safe_text import inert


def run_score(paths: list[Path], as_json: bool, pool: bool) -> list[ScoreReport]:
    """Print a card (or a JSON line) per transcript, and a pooled one with `pool`."""
    return stream_reports(paths, score_transcript, as_json, pool)


def stream_reports(paths: list[Path], score_one: ScoreOne, as_json: bool,
                   pool: bool) -> list[ScoreReport]:
    """Print the report of `score_one` on each path as it comes, then the pooled one with
    `pool`. The workers are chosen before any progress display starts: a fork must find no
    other thread."""
    workers = workers_for(paths)
    done: list[ScoreReport] = []
    with _progress(len(paths)) as advance:
        for report in iter_reports(paths, score_one, workers):
            print_report(report, as_json, first=not done)
            done.append(report)
            advance()
    if pool and done:
        done.append(pool_reports(done))
        print_report(done[-1], as_json, first=False)
    return done


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A transient bar on stderr, drawn on each advance (no refresh thread), where stdout is
    redirected to a file and stderr is a terminal; otherwise nothing. Not when stdout is a
    pipe: a pager (`| less`) owns the terminal then, and the bar would be drawn over it."""
    if total < 2 or not sys.stderr.isatty() or not _is_file(sys.stdout):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("scoring", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), auto_refresh=False, transient=True,
                   redirect_stdout=False, redirect_stderr=False)
    task = bar.add_task("scoring", total=total)

    def advance() -> None:
        bar.advance(task)
        bar.refresh()

    with bar:
        yield advance


def _is_file(stream: TextIO) -> bool:
    """Whether `stream` writes to a regular file (not a terminal, a pipe or a socket)."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


def print_report(report: ScoreReport, as_json: bool, *, first: bool) -> None:
    """One JSON line, or the card (inert text) after a blank line unless it is the first;
    flushed, so a reader of a pipe sees each report as it is ready."""
    if as_json:
        print(report.to_json())
    else:
        if not first:
            print()
        for row in render_card(report):
            print(inert(row.plain()))
    sys.stdout.flush()

