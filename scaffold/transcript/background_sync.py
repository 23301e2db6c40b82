"""fsync on a background thread, so a loop never waits for the disk between steps."""

from __future__ import annotations

import os
import threading


class BackgroundSync:
    """fsyncs one file descriptor whenever asked, on a daemon thread, coalescing requests.

    `request()` returns at once. The thread runs one fsync per batch of requests: everything
    written before an fsync starts is durable when it ends, so durability trails the writes by
    at most one fsync (a few ms). `close()` waits for the last one and re-raises an fsync error.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._cond = threading.Condition()
        self.requested = 0
        self.completed = 0
        self._closing = False
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="transcript-fsync", daemon=True)
        self._thread.start()

    def request(self) -> None:
        with self._cond:
            if self._closing:
                raise ValueError("sync requested after close")
            self.requested += 1
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self.completed == self.requested and not self._closing:
                    self._cond.wait()
                if self.completed == self.requested:
                    return
                target = self.requested
            try:
                os.fsync(self._fd)
            except OSError as err:
                self._error = err
            with self._cond:
                self.completed = target
                self._cond.notify_all()

    def close(self) -> None:
        """Wait until every request has been synced, then stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        if self._error is not None:
            raise self._error
