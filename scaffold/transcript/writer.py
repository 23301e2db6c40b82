"""Append-only transcript writer: a line per event, flushed per event, fsynced in the background."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from scaffold.errors import InputError
from scaffold.transcript.background_sync import BackgroundSync
from scaffold.transcript.events import HeaderEvent, dump_event
from scaffold.transcript.events import StepEvent as StepEventT
from scaffold.transcript.writer_close import close_in_background

SYNC_INTERVAL_ENV = "MESASCOPE_FSYNC_INTERVAL_S"
SYNC_INTERVAL_S = float(os.environ.get(SYNC_INTERVAL_ENV, "1.0"))
"""Shortest time between two background fsyncs of one transcript (default 1 s; the environment
variable sets it): what a power loss can lose of a fast loop. At `background_sync`'s 50 ms a
fast diffusion run spent a measurable share of its CPU in fsync (docs/benchmarks.md); a kill
loses nothing either way, since every step is written to the OS before the next one starts."""

_CLOSED: IO[bytes] = io.BytesIO()
_CLOSED.close()  # what a closed writer writes to: every write raises ValueError, as before


class TranscriptWriter:
    """Writes a header, then events. A kill -9 loses at most the step in flight.

    Each event line is written whole and flushed to the OS at once, so a killed process
    leaves every completed line on disk. Against power loss, `sync_soon()` (LoopRunner calls it
    once per step; the header is fsynced with the first step) has a background thread fsync,
    at most once a second (`SYNC_INTERVAL_S`), so durability trails by at most that plus one
    fsync, and the loop never waits for the disk. `sync()` fsyncs and waits. `close()` does not
    wait either: the last fsync and the close of the file run on a thread that the process
    waits for at exit (`writer_close`); call `sync()` first, or `writer_close.wait_closed()`, to
    have it durable at once (docs/transcript.md). With `step_sync=False` (a sweep's run, whose
    unfinished file is rerun) there are no per-step fsyncs, only the one at close.
    """

    def __init__(self, path: str | Path, header: HeaderEvent, *, append: bool = False,
                 step_sync: bool = True) -> None:
        self.path = Path(path)
        self._step_sync = step_sync
        exists = append and self.path.exists() and self.path.stat().st_size > 0
        self._file: IO[bytes] = (
            open(self.path, "ab") if exists else _open_new(self.path)  # noqa: SIM115
        )
        self.header = header
        self._background: BackgroundSync | None = None
        self._closed = False
        if not exists:
            # Flushed to the OS like a step; its fsync comes with the first step's (one fsync
            # covers the whole file) or at close, so the fsync thread starts once the loop runs.
            self._write_line(dump_event(header))

    def write(self, event: StepEventT) -> None:
        """Append one event, flushed to the OS (not fsynced: see `sync`)."""
        self._write_line(dump_event(event))

    def write_all(self, events: Iterable[StepEventT]) -> None:
        """Append a step's events as whole lines in one write, flushed to the OS at once."""
        data = "".join([dump_event(ev) + "\n" for ev in events]).encode("utf-8")
        self._file.write(data)
        self._file.flush()

    def sync(self) -> None:
        """Flush and fsync everything written so far."""
        self._file.flush()
        os.fsync(self._file.fileno())

    def sync_soon(self) -> None:
        """Flush, and have the background thread fsync without waiting for it."""
        self._file.flush()  # a no-op after `write_all`, which flushed already
        if not self._step_sync:
            return
        if self._background is None:
            self._background = BackgroundSync(self._file.fileno(), SYNC_INTERVAL_S)
        self._background.request()

    def close(self) -> None:
        """Flush, and have the last fsync and the close done on a thread (see the class)."""
        if self._closed:
            return
        self._closed = True
        file, self._file = self._file, _CLOSED
        try:
            file.flush()
        except BaseException:
            file.close()
            if self._background is not None:
                self._background.close()
            raise
        close_in_background(file, self._background, self.path)

    def _write_line(self, line: str) -> None:
        self._file.write(line.encode("utf-8") + b"\n")
        self._file.flush()

    def __enter__(self) -> TranscriptWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _open_new(path: Path) -> IO[bytes]:
    """Create `path` (and its directories) with O_EXCL: a file or symlink already there is an
    InputError naming the path, so two runs on one `--out` never interleave their lines."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(f"{path}: {path.parent} is not a directory") from None
    except OSError as err:
        raise InputError(f"{path}: cannot create its directory: {err.strerror}") from None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        raise InputError(f"{path}: already exists; choose another --out") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give a file name") from None
    except OSError as err:
        raise InputError(f"{path}: cannot create: {err.strerror}") from None
    return os.fdopen(fd, "wb")
