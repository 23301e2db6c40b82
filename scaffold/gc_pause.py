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
    state is restored on exit.
    """
    pause = gc.isenabled() and threading.active_count() == 1
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()
