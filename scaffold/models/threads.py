"""How many torch threads sampling runs on, set for a block and restored after."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import torch

THREADS_ENV = "MESASCOPE_SAMPLING_THREADS"


@contextmanager
def sampling_threads() -> Iterator[None]:
    """Within the block, torch runs on `MESASCOPE_SAMPLING_THREADS` threads (default 1); the
    previous count is restored on exit.

    On a 2-core machine whose other core is busy (the TUI, a test, another job), two OpenMP
    threads wait on each other at every matmul, which made decoding and sampling many times
    slower than one thread (docs/benchmarks.md). A diffusion run holds it for the whole run: a
    traced UNet run at another thread count can differ in the last bits.
    """
    want = wanted_threads()
    before = torch.get_num_threads()
    if want != before:
        torch.set_num_threads(want)
    try:
        yield
    finally:
        if want != before:
            torch.set_num_threads(before)


def wanted_threads() -> int:
    """The thread count `sampling_threads` sets: `MESASCOPE_SAMPLING_THREADS`, default 1."""
    return max(1, int(os.environ.get(THREADS_ENV, "1")))
