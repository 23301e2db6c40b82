"""Reports on many transcripts, yielded one at a time in the order of the paths, so a caller
can show each as it is ready (and a stop loses only the transcripts in flight).

Enough transcripts are scored in forked worker processes (one per core); each transcript is
scored on its own with its own seed, so the reports are the same as a serial run's.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from scaffold.errors import InputError
from scaffold.scoring.report import ScoreReport
from scaffold.transcript.writer_close import join_pending

POOL_MIN_BYTES = 256 * 1024
"""Less text than this in all is scored in this process: starting workers would cost more."""

ScoreOne = Callable[[Path], ScoreReport]
"""Scores one transcript file; must be a module-level function (workers receive it by name)."""


def workers_for(paths: Sequence[str | Path]) -> int:
    """How many processes to score `paths` with: 1 (this one) unless there are several files,
    enough text, more than one core, and fork is available with no other thread running
    (forked workers start at once with the statistics stack already imported). Transcripts
    closed just before (their last fsync runs on a thread, `writer_close`) are waited for
    first: a fork must not copy a thread's half-held locks, and a few fsyncs cost less than
    scoring on one core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if len(paths) < 2 or (cores or 1) < 2:
        return 1
    join_pending()
    if threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        size = sum(Path(p).stat().st_size for p in paths)
    except OSError:
        return 1
    return min(cores or 1, len(paths)) if size >= POOL_MIN_BYTES else 1


def _report_or_none(score_one: ScoreOne, path: Path) -> ScoreReport | None:
    """In a worker: the report, or None if scoring failed (exceptions such as a transcript
    error need not survive pickling, so the failure is raised again in the parent)."""
    try:
        return score_one(path)
    except Exception:
        return None


def iter_reports(paths: Sequence[str | Path], score_one: ScoreOne,
                 workers: int | None = None) -> Iterator[ScoreReport]:
    """`score_one` on each path, in order. `workers` defaults to `workers_for(paths)`; with 1
    everything runs in this process. A transcript that fails raises its error after the
    reports before it, as a serial run would; the transcripts not yet started are cancelled."""
    for outcome in iter_outcomes(paths, score_one, workers, keep_going=False):
        if isinstance(outcome, InputError):
            raise outcome
        yield outcome


def iter_outcomes(paths: Sequence[str | Path], score_one: ScoreOne, workers: int | None = None,
                  *, keep_going: bool = True) -> Iterator[ScoreReport | InputError]:
    """Each path's report, or its `InputError` (a bad transcript), in order; the workers go on
    with the other files meanwhile. Without `keep_going`, the first error ends the iteration
    (after it is yielded). Errors that are not about the input are raised."""
    files = [Path(p) for p in paths]
    n = workers_for(files) if workers is None else workers
    if n <= 1:
        for path in files:
            outcome = _outcome(score_one, path)
            yield outcome
            if isinstance(outcome, InputError) and not keep_going:
                return
        return
    ex = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"))
    try:
        for path, report in zip(files, ex.map(partial(_report_or_none, score_one), files),
                                strict=True):
            # a failed file is scored again here, so its error is the parent's own
            outcome = _outcome(score_one, path) if report is None else report
            yield outcome
            if isinstance(outcome, InputError) and not keep_going:
                return
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def _outcome(score_one: ScoreOne, path: Path) -> ScoreReport | InputError:
    try:
        return score_one(path)
    except InputError as err:
        return err
