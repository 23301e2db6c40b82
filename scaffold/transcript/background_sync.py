"""fsync on a background thread, so a loop never waits for the disk between steps."""

from __future__ import annotations

import os
import threading
import time

MIN_INTERVAL_S = 0.05
"""Shortest time between the starts of two fsyncs. A fast loop (a diffusion run records
hundreds of steps a second) would otherwise keep the disk and the journal busy with one fsync
per step or two: measured, that cost ~3% of an 8-sample diffusion run even off the loop's
thread. A slow loop (one step a second) still has each step fsynced as soon as it is written."""


class BackgroundSync:
    """fsyncs one file descriptor whenever asked, on a daemon thread, coalescing requests.

    `request()` returns at once. The thread runs one fsync per batch of requests, and starts
    fsyncs at least `min_interval` seconds apart: everything written before an fsync starts is
    durable when it ends, so durability trails the writes by at most `min_interval` plus one
    fsync. `close()` syncs what is left without waiting out the interval, waits for it, and
    re-raises an fsync error.
    """

    def __init__(self, fd: int, min_interval: float = MIN_INTERVAL_S) -> None:
        self._fd = fd
        self._min_interval = min_interval
        self._cond = threading.Condition()
        self.requested = 0
        self.completed = 0
        self.fsyncs = 0
        self._closing = False
        self._next_start = 0.0
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="transcript-fsync", daemon=True)
        self._thread.start()

    def request(self) -> None:
        with self._cond:
            if self._closing:
                raise ValueError("sync requested after close")
            self.requested += 1
            if self.requested == self.completed + 1:
                # The first request since the last fsync wakes the thread; later ones find it
                # busy or waiting out the interval, and it looks again before it sleeps.
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self.completed == self.requested and not self._closing:
                    self._cond.wait()
                if self.completed == self.requested:
                    return
                delay = self._next_start - time.monotonic()
                while delay > 0 and not self._closing:
                    self._cond.wait(delay)
                    delay = self._next_start - time.monotonic()
                target = self.requested
            started = time.monotonic()
            try:
                os.fsync(self._fd)
            except OSError as err:
                self._error = err
            with self._cond:
                self.completed = target
                self.fsyncs += 1
                self._next_start = started + self._min_interval
                self._cond.notify_all()

    def close(self) -> None:
        """Wait until every request has been synced, then stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        if self._error is not None:
            raise self._error
