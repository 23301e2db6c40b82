"""Score derived decisions: extract on the fly (or read a derived transcript) and run the
project's selection test on them, unchanged.

Several transcripts are extracted and scored in worker processes, one transcript per task;
the reports come back in the order of the paths and are the same as a serial run's (each
transcript is scored on its own, with its own seed, and pooling happens here afterwards).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scaffold.gc_pause import gc_paused
from scaffold.implicit.derive import derive_file
from scaffold.scoring import pool, score_events, score_transcript
from scaffold.scoring.report import ScoreReport
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.writer_close import join_pending

POOL_MIN_BYTES = 256 * 1024
"""Less text than this in all is scored in this process: starting workers would cost more."""


def _is_derived(path: Path) -> bool:
    with TranscriptReader(path) as reader:
        return reader.header.loop == "implicit"


def score_implicit_file(path: str | Path, *, seed: int = 0) -> ScoreReport:
    """The report on the decisions found inside one transcript's texts."""
    path = Path(path)
    if _is_derived(path):
        return score_transcript(path, seed=seed)
    with gc_paused():  # many objects allocated: collected once afterwards, not rescanned
        derived = derive_file(path)
        return score_events(derived.events, f"{path} (implicit)", seed=seed)


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


def _report_or_none(path: str | Path) -> ScoreReport | None:
    """In a worker: the report, or None if scoring failed (exceptions such as a transcript
    error need not survive pickling, so the failure is raised again in the parent)."""
    try:
        return score_implicit_file(path)
    except Exception:
        return None


def _score_all(paths: Sequence[str | Path], workers: int) -> list[ScoreReport]:
    if workers <= 1:
        return [score_implicit_file(p) for p in paths]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as ex:
        found = list(ex.map(_report_or_none, paths))
    return [score_implicit_file(p) if r is None else r for p, r in zip(paths, found, strict=True)]


def score_implicit(paths: Sequence[str | Path], *, pooled: bool = False,
                   workers: int | None = None) -> list[ScoreReport]:
    """One report per transcript, plus a pooled one with `pooled`. `workers` defaults to
    `workers_for(paths)`; 1 scores everything in this process."""
    n = workers_for(paths) if workers is None else workers
    reports = _score_all(paths, n)
    if pooled and reports:
        reports.append(pool(reports))
    return reports
