"""Pausing the cyclic garbage collector while a bulk job allocates many acyclic objects."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block when no other thread runs; else do nothing.

    Reading and scoring a big transcript creates ~10 objects per event and frees none of them,
    so every collection rescans all of them for nothing (docs/benchmarks.md, scoring speed).
    Transcripts make no reference cycles, so nothing is lost by collecting afterwards. The
    switch is process-wide, so it is only thrown when this thread is the only one: in a UI, a
    worker pool or any threaded caller the collector stays on for everybody else. The previous
    state is restored on exit. A transcript's close and fsync threads do not count: they
    only wait for the disk, and a job that scores the file it has just written (a sweep's run,
    `benchmarks/scoring.py`) ran with the collector on because of them, at twice the CPU.
    """
    global _pausing
    pause = gc.isenabled() and not _others()
    if pause:
        gc.disable()
        _pausing = True
    try:
        yield
    finally:
        if pause:
            _pausing = False
            gc.enable()


_pausing = False
"""Whether `gc_paused` holds the collector off now (in this process)."""


def collect_young() -> None:
    """Inside `gc_paused`, collect the youngest generation now; elsewhere do nothing.

    Extraction made reference cycles (its state trees), which only the collector freed, so
    `implicit.derive` collected every few texts while they were still in the cache. Now
    `extract_text` unlinks the trees, so they go by reference counting, and a collection here
    only moves the young survivors to the older generation; the freeing of the derived events
    empties that generation again before the pause ends (costs: docs/benchmarks.md).
    """
    if _pausing and not gc.isenabled():
        gc.collect(0)


QUIET_THREADS = frozenset({"transcript-close", "transcript-fsync"})
"""Threads (by name, `scaffold.transcript.writer_close` and `background_sync`) that allocate
next to nothing, so pausing the collector cannot hurt them."""


def _others() -> bool:
    """Whether a thread other than this one and the quiet ones is alive."""
    me = threading.current_thread()
    return any(t is not me and t.name not in QUIET_THREADS for t in threading.enumerate())
