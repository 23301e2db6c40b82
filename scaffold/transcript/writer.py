"""Append-only transcript writer: a line per event, flushed per event, fsynced per step."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from scaffold.errors import InputError
from scaffold.transcript.background_sync import BackgroundSync
from scaffold.transcript.events import HeaderEvent, dump_event
from scaffold.transcript.events import StepEvent as StepEventT


class TranscriptWriter:
    """Writes a header, then events. A kill -9 loses at most the step in flight.

    Each event line is written whole and flushed to the OS at once, so a killed process
    leaves every completed line on disk. Against power loss, `sync_soon()` (LoopRunner calls it
    once per step) has a background thread fsync, at most every 50 ms (`MIN_INTERVAL_S`), so
    durability trails by at most that interval plus one fsync, and the loop never waits for
    the disk; `sync()` fsyncs and waits; `close()` waits for both. With `step_sync=False` (a
    sweep's run, whose unfinished file is rerun) neither the header nor the steps are fsynced,
    only the whole file at `close()`; every line is still flushed as it is written.
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
        if not exists:
            self._write_line(dump_event(header))
            if step_sync:
                self.sync()

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
            self._background = BackgroundSync(self._file.fileno())
        self._background.request()

    def close(self) -> None:
        if not self._file.closed:
            try:
                if self._background is not None:
                    self._background.close()
                self.sync()
            finally:
                self._file.close()

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
