"""Append-only transcript writer: a line per event, flushed per event, fsynced per step."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import IO

from scaffold.transcript.events import HeaderEvent, dump_event
from scaffold.transcript.events import StepEvent as StepEventT


class TranscriptWriter:
    """Writes a header, then events. A kill -9 loses at most the step in flight.

    Each event line is written whole and flushed to the OS at once, so a killed process
    leaves every completed line on disk. `sync()` fsyncs; LoopRunner calls it once per step
    (and close does), which bounds what a power loss can take to the current step.
    """

    def __init__(self, path: str | Path, header: HeaderEvent, *, append: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        exists = append and self.path.exists() and self.path.stat().st_size > 0
        self._file: IO[bytes] = open(self.path, "ab" if exists else "xb")  # noqa: SIM115
        self.header = header
        if not exists:
            self._write_line(dump_event(header))
            self.sync()

    def write(self, event: StepEventT) -> None:
        """Append one event, flushed to the OS (not fsynced: see `sync`)."""
        self._write_line(dump_event(event))

    def sync(self) -> None:
        """Flush and fsync everything written so far."""
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        if not self._file.closed:
            self.sync()
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
