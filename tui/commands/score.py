"""`mesascope score`: the search verdict and its evidence for one or more transcripts.

Reports are printed as each transcript is scored, in the order given, so a long run shows its
results as it goes and an interrupted one keeps what it printed. When stdout is redirected to a
file and stderr is a terminal, a progress bar on stderr counts the transcripts.

A file named twice is scored once (a note on stderr at the end says how many names were
dropped). A bad transcript among several is one line on stderr when it is met; the others are
still scored (and pooled), and the command exits 2. A pooled report needs two reports or more:
pooling one run adds nothing, so it is left out then, from the cards and the JSON lines alike.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TextIO

from scaffold.errors import InputError
from scaffold.scoring import pool as pool_reports
from scaffold.scoring import render_card, score_transcript
from scaffold.scoring.many import ScoreOne, iter_outcomes, workers_for
from scaffold.scoring.report import ScoreReport
from tui.commands.score_paths import unique_paths
from tui.safe_text import inert, one_line


def run_score(paths: list[Path], as_json: bool, pool: bool) -> list[ScoreReport]:
    """Print a card (or a JSON line) per transcript, and a pooled one with `pool`."""
    return stream_reports(paths, score_transcript, as_json, pool)


def stream_reports(paths: list[Path], score_one: ScoreOne, as_json: bool,
                   pool: bool) -> list[ScoreReport]:
    """Print the report of `score_one` on each distinct path as it comes, then, with `pool`
    and two reports or more, the pooled one. A bad transcript among several is one line on
    stderr and the rest are scored; then `SystemExit(2)`. The workers are chosen before any
    progress display starts: a fork must find no other thread."""
    paths, dropped = unique_paths(paths)
    workers = workers_for(paths)
    done: list[ScoreReport] = []
    bad = 0
    with _progress(len(paths)) as (advance, note), \
            closing(_outcomes(paths, score_one, workers)) as outcomes:
        for outcome in outcomes:
            if isinstance(outcome, InputError):
                note(str(outcome))
                bad += 1
            else:
                print_report(outcome, as_json, first=not done)
                done.append(outcome)
            advance()
    if pool and len(done) > 1:
        done.append(pool_reports(done))
        print_report(done[-1], as_json, first=False)
    if dropped:  # last: a lone bad file named twice stays one line (raised above)
        _note(f"note: {dropped} duplicate path{'s' * (dropped > 1)} dropped "
              "(the same file is scored once)")
    if bad:
        raise SystemExit(2)
    return done


def _outcomes(paths: list[Path], score_one: ScoreOne,
              workers: int) -> Generator[ScoreReport | InputError, None, None]:
    """The report or the input error of each path, in order. A single path's error is raised
    as it is (the command's usual one line, or its traceback with --debug)."""
    for outcome in iter_outcomes(paths, score_one, workers):
        if isinstance(outcome, InputError) and len(paths) == 1:
            raise outcome
        yield outcome


def _note(message: str) -> None:
    """One line on stderr, as the command's errors are written."""
    print(_line(message), file=sys.stderr, flush=True)


def _line(message: str) -> str:
    return f"mesascope: {one_line(message, 1000)}"


@contextmanager
def _progress(total: int) -> Iterator[tuple[Callable[[], None], Callable[[str], None]]]:
    """A step function and a note function (a line on stderr, written above the bar). The bar
    is transient, on stderr, drawn on each step (no refresh thread), where stdout is
    redirected to a file and stderr is a terminal; otherwise there is none. Not when stdout is
    a pipe: a pager (`| less`) owns the terminal then, and the bar would be drawn over it."""
    if total < 2 or not sys.stderr.isatty() or not _is_file(sys.stdout):
        yield (lambda: None), _note
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

    def note(message: str) -> None:
        bar.console.print(_line(message), markup=False, highlight=False, emoji=False,
                          soft_wrap=True)

    with bar:
        yield advance, note


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

