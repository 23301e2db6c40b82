"""The cyclic garbage collector runs between a keypress's frame and the next keypress, not in
the middle of one.

Painting a step allocates many small objects (strips, segments, styles) and keeps many (the
panes' caches), so Python's automatic collections of the older generations (a few ms for the
middle one, 15-30 ms for a full one on a 2-core box) landed inside about one press in ten and
made the slow tail of keypress latency. The app raises the thresholds of the two older
generations, so they are collected automatically only when long overdue, and collects them
itself once each step's frame is out: the middle generation every time, everything every
`FULL_EVERY` frames. The youngest generation is collected as usual (well under 1 ms).
"""

from __future__ import annotations

import gc

THRESHOLDS = (700, 100, 100)
"""gen0 as Python's default; gen1 and gen2 ten times later than the defaults (10, 10)."""
FULL_EVERY = 10
"""A full collection after every this many middle ones, Python's default ratio."""


def take_over() -> tuple[int, ...]:
    """Let `collect_between_frames` do most of the older generations' collections; returns
    the thresholds before, for `give_back`."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    return before


def give_back(before: tuple[int, ...]) -> None:
    gc.set_threshold(*before)


def collect_between_frames() -> None:
    """The collections the older generations are due, now (call once a frame is out)."""
    gc.collect(2 if gc.get_count()[2] >= FULL_EVERY else 1)
