"""Transcript reader: one streaming pass builds an offset index; steps are read on demand.

The index keeps three numpy arrays (byte offset, event kind, step id per line), so a 1 GB file
costs a few MB of memory. A truncated last line, as a crash leaves it, is skipped and reported.
"""

from __future__ import annotations

import json
import os
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
from pydantic import TypeAdapter, ValidationError

from scaffold.transcript.bounds import MAX_LINE_BYTES, MAX_STEP_ID
from scaffold.transcript.errors import TranscriptError
from scaffold.transcript.events import (
    EVENT_ADAPTER,
    EVENT_KINDS,
    READABLE_VERSIONS,
    Event,
    HeaderEvent,
    StepEvent,
)
from scaffold.transcript.references import ReferenceCheck
from scaffold.transcript.steps import StepTree, StepView
from scaffold.utf8 import BOM, not_utf8

_FAST = re.compile(
    rb'^\{"event":"([a-z]+)","step":(-?\d{1,20})(?=[,}])'
    rb'(?:,"(?:parent|from_step)":(-?\d{1,20}|null)(?=[,}]))?'
)
_KIND_CODE = {kind: i for i, kind in enumerate(EVENT_KINDS)}

Progress = Callable[[int, int], bool | None]
"""Called with (bytes read, total bytes); returning True cancels indexing."""


APPEND_READ_BYTES = 16 * 1024 * 1024
"""Most bytes one `read_appended` pass takes in; the next pass goes on from there."""


class IndexCancelled(Exception):
    """Indexing stopped because the progress callback asked it to."""


class FileChanged(Exception):
    """The file under an indexed reader was replaced, deleted, truncated or rewritten, so what
    it holds now is not an extension of what was indexed. `str()` says which, for a person."""


@dataclass
class Appended:
    """Complete lines written after the indexed end, as `read_appended` found them.

    Made without changing the reader (off the thread that reads steps); `apply_appended`
    takes them into the index. The arrays are the whole new index, computed here so that
    applying them costs nothing on the UI thread.
    """

    start: int
    """The indexed end the lines were read from: `apply_appended` refuses a stale result."""
    end: int
    lines: int
    tail_open: bool
    pending: bool
    """A line without its newline (being written, or cut by a crash) follows `end`."""
    rows: list[tuple[str, int, int | None]] = field(default_factory=list)
    """(kind, step, parent-or-from_step) of each new event line, in file order."""
    error: str | None = None
    """Why reading stopped at a complete line that does not read; the rows before it are good."""
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    steps: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    step_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    step_starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "line"
    return f"{where}: {first['msg']}"


def _encoding_problem(line: bytes, number: int) -> str | None:
    """Why a line that failed to parse is not UTF-8 text, if it is not; only on the error path.

    A byte order mark is accepted at the start of line 1 (as `json.loads` reads it), not later.
    """
    if number == 1:
        line = line.removeprefix(BOM)
    elif line.startswith(BOM):
        return ("starts with a UTF-8 byte order mark (allowed only at the start of the file); "
                "remove it")
    problem = not_utf8(line)
    return None if problem is None else problem[1]


def parse_header(path: Path, line: bytes) -> HeaderEvent:
    """Validate the first line, with a precise message for each way it can be wrong."""
    if not line.strip():
        raise TranscriptError(path, "empty file: no header line", 1)
    try:
        obj = json.loads(line)
    except RecursionError:
        raise TranscriptError(path, "header is nested too deeply", 1) from None
    except ValueError:  # not JSON, not UTF-8, or an integer of thousands of digits
        if problem := _encoding_problem(line, 1):
            raise TranscriptError(path, problem, 1) from None
        if not line.endswith(b"\n"):
            raise TranscriptError(path, "header line is truncated or not JSON", 1) from None
        raise TranscriptError(path, "not a mesascope transcript: line 1 is not JSON", 1) from None
    if not isinstance(obj, dict) or obj.get("event") != "header":
        raise TranscriptError(path, 'not a mesascope transcript: line 1 is not a "header" event', 1)
    version = obj.get("schema_version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        known = " and ".join(map(str, READABLE_VERSIONS))
        raise TranscriptError(
            path, f"unknown schema version {version!r} (this mesascope reads {known})", 1
        )
    try:
        return HeaderEvent.model_validate(obj)
    except ValidationError as err:
        raise TranscriptError(path, f"bad header: {_first_error(err)}", 1) from None
    except RecursionError:
        raise TranscriptError(path, "header is nested too deeply", 1) from None


def parse_event(path: Path, line: bytes, number: int) -> StepEvent:
    """Validate one non-header line into its event model."""
    try:
        event = EVENT_ADAPTER.validate_json(line)
    except RecursionError:
        raise TranscriptError(path, "bad event: nested too deeply", number) from None
    except ValidationError as err:
        if err.errors()[0]["type"] != "json_invalid":
            kind = _first_error(err)
        elif problem := _encoding_problem(line, number):
            raise TranscriptError(path, problem, number) from None
        else:
            kind = "not valid JSON"
        raise TranscriptError(path, f"bad event: {kind}", number) from None
    if isinstance(event, HeaderEvent):
        raise TranscriptError(path, "a second header event", number)
    return event


def _peek(path: Path, line: bytes, number: int) -> tuple[str, int, int | None]:
    """(kind, step, parent-or-from_step) without a full parse; falls back to json."""
    m = _FAST.match(line)
    if m:
        kind = m.group(1).decode()
        if kind in _KIND_CODE and kind != "header":
            link = m.group(3)
            step = _step_id(path, kind, int(m.group(2)), number)
            return kind, step, None if link in (None, b"null") else _step_id(
                path, kind, int(link), number)
    try:
        obj = json.loads(line)
    except RecursionError:
        raise TranscriptError(path, "nested too deeply", number) from None
    except ValueError:  # not JSON, not UTF-8, or an integer of thousands of digits
        problem = _encoding_problem(line, number) or "not valid JSON"
        raise TranscriptError(path, problem, number) from None
    if not isinstance(obj, dict):
        raise TranscriptError(path, "an event must be a JSON object", number)
    kind, raw_step = obj.get("event"), obj.get("step")
    if kind == "header":
        raise TranscriptError(path, "a second header event", number)
    if kind not in _KIND_CODE:
        raise TranscriptError(path, f"unknown event kind {str(kind)[:40]!r}", number)
    if not isinstance(raw_step, int) or isinstance(raw_step, bool):
        raise TranscriptError(path, f"{kind} event without an integer step", number)
    link = obj.get("parent", obj.get("from_step"))
    if not isinstance(link, int) or isinstance(link, bool):
        link = None
    step = _step_id(path, kind, raw_step, number)
    return kind, step, None if link is None else _step_id(path, kind, link, number)


def _step_id(path: Path, kind: str, value: int, number: int) -> int:
    if not 0 <= value < MAX_STEP_ID:
        raise TranscriptError(
            path, f"{kind} event: step id {value} is outside 0 to 2**53 - 1", number
        )
    return value


class TranscriptReader:
    """Random access to the steps of a transcript file.

    `TranscriptReader(path)` reads and checks the header only; `index()` makes the streaming
    pass (pass `validate=True` to fully parse every event on the way).
    """

    def __init__(self, path: str | Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.path = Path(path)
        self.max_line_bytes = max_line_bytes
        try:
            self._file = open(self.path, "rb")  # noqa: SIM115
        except FileNotFoundError:
            raise TranscriptError(self.path, "no such file") from None
        except IsADirectoryError:
            raise TranscriptError(self.path, "is a directory, not a transcript file") from None
        except OSError as err:
            raise TranscriptError(self.path, f"cannot open: {err.strerror}") from None
        first = self._readline(1)
        self.header = parse_header(self.path, first)
        self._header_end = len(first)
        self._header_line = first
        self._identity = _identity(os.fstat(self._file.fileno()))
        self._end = self._header_end
        """Bytes indexed so far: where `read_appended` goes on from."""
        self._lines = 1
        self._tail_open = False
        """The last indexed line had no newline (the file ended there when it was indexed)."""
        self.indexed = False
        self.truncated = False
        self.tree = StepTree()
        self.kind_counts: Counter[str] = Counter({"header": 1})
        self._offsets = np.zeros(0, dtype=np.int64)
        self._steps = np.zeros(0, dtype=np.int64)
        self._order = np.zeros(0, dtype=np.int64)
        self._step_keys = np.zeros(0, dtype=np.int64)
        self._step_starts = np.zeros(0, dtype=np.int64)

    def _readline(self, number: int) -> bytes:
        return self._checked(self._file.readline(self.max_line_bytes + 1), number)

    def _checked(self, line: bytes, number: int) -> bytes:
        if len(line) > self.max_line_bytes:
            mib = self.max_line_bytes // (1024 * 1024)
            raise TranscriptError(self.path, f"line is longer than {mib} MiB", number)
        return line

    def index(self, *, validate: bool = False, progress: Progress | None = None,
              references: ReferenceCheck | None = None) -> None:
        """Stream the file once and build the offset index; with `validate`, every event is
        parsed, and `references` (if given) takes each one in on the same pass."""
        total = max(1, self.path.stat().st_size)
        offsets, steps = array("q"), array("q")
        counts: Counter[str] = Counter({"header": 1})
        tree = StepTree()
        self._file.seek(self._header_end)
        pos, number, truncated, last = self._header_end, 1, False, self._header_line
        while True:
            line = self._readline(number + 1)
            if not line:
                break
            last = line
            number += 1
            if not line.endswith(b"\n"):
                try:
                    parse_event(self.path, line, number)
                except TranscriptError:
                    truncated = True
                    break
            if line.strip():
                if validate:
                    ev = parse_event(self.path, line, number)
                    if references is not None:
                        references.add(ev)
                    link = getattr(ev, "parent", getattr(ev, "from_step", None))
                    kind, step = str(ev.event), ev.step
                else:
                    kind, step, link = _peek(self.path, line, number)
                counts[kind] += 1
                offsets.append(pos)
                steps.append(step)
                tree.add(step, link if kind in ("state", "fork") else None)
            pos += len(line)
            if progress and number % 4096 == 0 and progress(pos, total):
                raise IndexCancelled
        self._offsets = np.frombuffer(offsets, dtype=np.int64).copy()
        self._steps = np.frombuffer(steps, dtype=np.int64).copy()
        self._order = np.argsort(self._steps, kind="stable")
        self._step_keys, self._step_starts = np.unique(self._steps[self._order], return_index=True)
        self.kind_counts, self.tree, self.truncated = counts, tree, truncated
        self._end, self._lines = pos, number - 1 if truncated else number
        self._tail_open = not truncated and not last.endswith(b"\n")
        self.indexed = True
        if progress:
            progress(total, total)

    def read_appended(self, *, limit: int = APPEND_READ_BYTES) -> Appended | None:
        """The complete lines written after the indexed end, or None if nothing changed.

        For following a file that another process is still writing: reads with its own file
        handle and changes nothing here, so it can run in a worker while steps are read; pass
        the result to `apply_appended`. A last line without its newline is left for a later
        call (`pending`). Raises `FileChanged` if the path is now another file, or the file is
        shorter than what was indexed, or its header line changed (rewritten in place).
        """
        if not self.indexed:
            raise RuntimeError("read_appended needs an indexed reader")
        try:
            f = open(self.path, "rb")  # noqa: SIM115
        except FileNotFoundError:
            raise FileChanged("the file was deleted or moved") from None
        except OSError as err:
            raise FileChanged(f"the file cannot be opened any more: {err.strerror}") from None
        with f:
            st = os.fstat(f.fileno())
            if _identity(st) != self._identity:
                raise FileChanged("the path now holds another file (it was replaced)")
            if st.st_size < self._end:
                raise FileChanged(f"the file shrank from {self._end} to {st.st_size} bytes "
                                  "(truncated or rewritten)")
            if st.st_size == self._end:
                return None
            if f.read(self._header_end) != self._header_line:
                raise FileChanged("its header line changed (the file was rewritten)")
            return self._read_lines(f, limit)

    def _read_lines(self, f: IO[bytes], limit: int) -> Appended | None:
        f.seek(self._end)
        out = Appended(self._end, self._end, self._lines, self._tail_open, pending=False)
        new_offsets, new_steps = array("q"), array("q")
        while out.end - out.start < limit:
            try:
                line = self._checked(f.readline(self.max_line_bytes + 1), out.lines + 1)
            except TranscriptError as err:
                out.error = str(err)
                break
            if not line:
                break
            if not line.endswith(b"\n"):
                out.pending = True
                break
            if out.tail_open:
                out.tail_open = False
                if line == b"\n":  # the newline of a last line indexed without one
                    out.end += 1
                    continue
            out.lines += 1
            if line.strip():
                try:
                    kind, step, link = _peek(self.path, line, out.lines)
                except TranscriptError as err:
                    out.error, out.lines = str(err), out.lines - 1
                    break
                out.rows.append((kind, step, link))
                new_offsets.append(out.end)
                new_steps.append(step)
            out.end += len(line)
        if not out.rows and out.end == self._end and out.error is None and (
                out.pending == self.truncated):
            return None
        added = np.frombuffer(new_steps, dtype=np.int64)
        out.offsets = np.concatenate([self._offsets, np.frombuffer(new_offsets, dtype=np.int64)])
        out.steps = np.concatenate([self._steps, added])
        if len(added) and len(self._steps) and added.min() < self._steps.max():
            out.order = np.argsort(out.steps, kind="stable")
        else:  # the usual case, steps written in order: only the new rows need sorting
            tail = np.argsort(added, kind="stable") + len(self._steps)
            out.order = np.concatenate([self._order, tail])
        ordered = out.steps[out.order]
        out.step_starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(
            ordered) else np.zeros(0, dtype=np.int64)
        out.step_keys = ordered[out.step_starts]
        return out

    def apply_appended(self, appended: Appended) -> set[int]:
        """Take lines from `read_appended` into the index; returns the step ids they touch
        (new steps, and known steps that got more events)."""
        if appended.start != self._end:
            raise ValueError("stale read_appended result: the index moved on since")
        touched: set[int] = set()
        for kind, step, link in appended.rows:
            self.kind_counts[kind] += 1
            self.tree.add(step, link if kind in ("state", "fork") else None)
            touched.add(step)
        self._offsets, self._steps, self._order = appended.offsets, appended.steps, appended.order
        self._step_keys, self._step_starts = appended.step_keys, appended.step_starts
        self._end, self._lines, self._tail_open = appended.end, appended.lines, appended.tail_open
        self.truncated = appended.pending
        return touched

    @property
    def n_steps(self) -> int:
        return len(self.tree)

    @property
    def n_events(self) -> int:
        return 1 + len(self._offsets)

    def _line_at(self, offset: int) -> tuple[bytes, int]:
        line_no = 2 + int(np.searchsorted(self._offsets, offset))
        self._file.seek(offset)
        return self._readline(line_no), line_no

    def events_for(self, step_id: int) -> list[StepEvent]:
        """All events of one step, in file order."""
        if not self.indexed:
            self.index()
        k = int(np.searchsorted(self._step_keys, step_id))
        if k >= len(self._step_keys) or self._step_keys[k] != step_id:
            raise KeyError(step_id)
        end = self._step_starts[k + 1] if k + 1 < len(self._step_starts) else len(self._order)
        rows = np.sort(self._order[self._step_starts[k] : end])
        out = []
        for row in rows:
            line, number = self._line_at(int(self._offsets[row]))
            out.append(parse_event(self.path, line, number))
        return out

    def step(self, i: int) -> StepView:
        """The i-th step in file order (0-based)."""
        step_id = self.tree.order[i]
        return StepView.from_events(step_id, self.events_for(step_id))

    def step_by_id(self, step_id: int) -> StepView:
        return StepView.from_events(step_id, self.events_for(step_id))

    def events(self) -> Iterator[StepEvent]:
        """Every event after the header, in file order, validated, in one sequential pass.

        Needs no index and uses its own file handle, so it can run beside `step()` calls. A
        truncated last line ends the stream and sets `truncated`.
        """
        with open(self.path, "rb") as f:
            f.seek(self._header_end)
            number = 1
            while True:
                number += 1
                line = self._checked(f.readline(self.max_line_bytes + 1), number)
                if not line:
                    return
                if not line.strip():
                    continue
                if not line.endswith(b"\n"):
                    try:
                        event = parse_event(self.path, line, number)
                    except TranscriptError:
                        self.truncated = True
                        return
                    yield event
                    return
                yield parse_event(self.path, line, number)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> TranscriptReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_BATCH: TypeAdapter[list[Event]] = TypeAdapter(list[Event])

BATCH_BYTES = 1024 * 1024
"""About this many bytes of lines are validated per pydantic call: a whole file in one call
builds the JSON tree of all of it first (hundreds of MB for a 20 MB file), slower than parts."""


def _validate_in_batches(body: list[bytes]) -> list[Event] | None:
    """`_BATCH.validate_json` of all of `body` (non-blank lines joined with commas) in parts
    of about `BATCH_BYTES`, or None if a part fails in any way (the caller then validates the
    whole as one batch, so a bad file meets exactly the checks, and errors, it met before).

    When every part is a valid comma-separated run of events, so is their comma-join, and it
    reads as the parts' events in order: the same list as one call makes.
    """
    events: list[Event] = []
    start = size = 0
    for end, line in enumerate(body, 1):
        size += len(line) + 1
        if size >= BATCH_BYTES or end == len(body):
            try:
                events += _BATCH.validate_json(b"[" + b",".join(body[start:end]) + b"]")
            except Exception:  # whatever it is, the one-batch path meets it as before
                return None
            start, size = end, 0
    return events


def read_transcript(path: str | Path) -> tuple[HeaderEvent, list[StepEvent], bool]:
    """Header, every event and the truncation flag of a transcript, fully validated.

    The file is read whole (the caller wants every event in memory anyway) and the lines are
    validated in pydantic batches of about a megabyte, several times faster than a line at a
    time; if a batch fails, the whole body is validated in one batch, and if that fails too, a
    per-line pass names the first bad line. A line longer than the limit is refused before any
    parsing.
    """
    with TranscriptReader(path) as reader:
        reader._file.seek(reader._header_end)
        data = reader._file.read()
    lines = data.split(b"\n")
    del data
    tail = lines.pop()  # b"" when the file ends with a newline
    longest = max(map(len, lines), default=0)
    if max(longest + 1, len(tail)) > reader.max_line_bytes:
        for number, line in enumerate([*lines, tail], 2):
            reader._checked(line + b"\n" if number - 2 < len(lines) else line, number)
    truncated = False
    if tail.strip():
        try:
            parse_event(reader.path, tail, len(lines) + 2)
            lines.append(tail)
        except TranscriptError:
            truncated = True
    body = [line for line in lines if line.strip()]
    batched = _validate_in_batches(body)
    try:
        events = batched if batched is not None else _BATCH.validate_json(
            b"[" + b",".join(body) + b"]")
    except ValidationError:
        events = [parse_event(reader.path, line, number)
                  for number, line in enumerate(lines, 2) if line.strip()]
    if len(events) != len(body) or any(type(ev) is HeaderEvent for ev in events):
        # an event split over lines reads as one once they are comma-joined: name its line
        events = [parse_event(reader.path, line, number)
                  for number, line in enumerate(lines, 2) if line.strip()]
    return reader.header, events, truncated  # type: ignore[return-value]
