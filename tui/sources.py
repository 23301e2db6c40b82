"""Where the screen's steps come from: a transcript file (replay) or a running loop (live).

Both stores expose the same thing, a growing `StepTree` and `view_at(position)`, so the widgets
never know which mode they are in. Reads are guarded by a lock because workers (scoring,
search) read steps while the UI thread does too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from scaffold.loops.base import Loop
from scaffold.models.transformers_load import LoadProgress
from scaffold.transcript.errors import TranscriptError
from scaffold.transcript.events import HeaderEvent, StepEvent
from scaffold.transcript.reader import Appended, Progress, TranscriptReader, parse_event
from scaffold.transcript.steps import StepTree, StepView

CACHE_STEPS = 512
PREVIEW_LINES = 20_000


class StepStore(Protocol):
    """What the screen reads: the header, the tree of steps so far, and one step by position."""

    header: HeaderEvent
    tree: StepTree
    name: str

    def __len__(self) -> int: ...

    def view_at(self, position: int, *, cache: bool = True) -> StepView: ...

    def view_by_id(self, step_id: int, *, cache: bool = True) -> StepView: ...


class _ViewCache:
    """A small LRU of step views by id, so stepping back and forth costs no re-parse."""

    def __init__(self, size: int = CACHE_STEPS) -> None:
        self.size = size
        self._views: OrderedDict[int, StepView] = OrderedDict()

    def get(self, step_id: int) -> StepView | None:
        view = self._views.get(step_id)
        if view is not None:
            self._views.move_to_end(step_id)
        return view

    def drop(self, step_id: int) -> None:
        self._views.pop(step_id, None)

    def put(self, view: StepView) -> None:
        self._views[view.step] = view
        self._views.move_to_end(view.step)
        while len(self._views) > self.size:
            self._views.popitem(last=False)


def first_step_preview(path: Path, header_end: int) -> StepView | None:
    """The first step's events, read straight after the header, before the index exists.

    Stops at the first event of another step, so it costs one step's lines, not the file, and
    at a line that does not read: the index then shows that step as its error, or says why
    the file cannot be read.
    """
    events: list[StepEvent] = []
    with open(path, "rb") as fh:
        fh.seek(header_end)
        for number in range(2, PREVIEW_LINES):
            line = fh.readline()
            if not line or not line.endswith(b"\n"):
                break
            if not line.strip():
                continue
            try:
                event = parse_event(path, line, number)
            except TranscriptError:
                return None
            if events and event.step != events[0].step:
                break
            events.append(event)
    return StepView.from_events(events[0].step, events) if events else None


class ReplayStore:
    """Steps of a transcript file through its `TranscriptReader`; `index()` runs in a worker."""

    def __init__(self, reader: TranscriptReader) -> None:
        self.reader = reader
        self.header = reader.header
        self.name = reader.path.name
        self.tree = StepTree()
        self.lock = threading.RLock()
        self._cache = _ViewCache()
        self._preview: StepView | None = None
        self._indexed = False

    @property
    def indexed(self) -> bool:
        return self._indexed

    def load_preview(self) -> None:
        """Make step 1 visible before indexing finishes."""
        preview = first_step_preview(self.reader.path, self.reader._header_end)
        if preview is not None and not self._indexed:
            tree = StepTree()
            tree.add(preview.step, preview.parent)
            with self.lock:
                self._preview, self.tree = preview, tree

    def index(self, progress: Progress | None = None) -> None:
        """The streaming pass over the file (slow on big files: call it from a worker).

        No step is read from the reader until the pass is over (only the preview is shown),
        so the pass holds no lock and the UI thread never waits for it.
        """
        self.reader.index(progress=progress)
        with self.lock:
            self.tree = self.reader.tree
            self._preview = None
            self._indexed = True

    def read_appended(self) -> Appended | None:
        """Lines another process appended since the index (call it from a worker): see
        `TranscriptReader.read_appended`, which may raise `FileChanged`."""
        return self.reader.read_appended() if self._indexed else None

    def apply_appended(self, appended: Appended) -> set[int]:
        """Take appended lines into the index (on the UI thread, between reads of steps);
        returns the step ids they touch, whose cached views are dropped."""
        with self.lock:
            touched = self.reader.apply_appended(appended)
            for step_id in touched:
                self._cache.drop(step_id)
            self.tree = self.reader.tree
        return touched

    def __len__(self) -> int:
        return len(self.tree)

    def view_by_id(self, step_id: int, *, cache: bool = True) -> StepView:
        with self.lock:
            if not self._indexed:
                if self._preview is not None and step_id == self._preview.step:
                    return self._preview
                raise KeyError(step_id)
            view = self._cache.get(step_id)
            if view is None:
                view = self.reader.step_by_id(step_id)
                if cache:
                    self._cache.put(view)
            return view

    def view_at(self, position: int, *, cache: bool = True) -> StepView:
        return self.view_by_id(self.tree.order[position], cache=cache)

    def close(self) -> None:
        with self.lock:
            self.reader.close()


class LiveStore:
    """Steps a running loop has produced, kept in memory; filled on the UI thread."""

    def __init__(self, header: HeaderEvent, name: str) -> None:
        self.header = header
        self.name = name
        self.tree = StepTree()
        self.lock = threading.RLock()
        self._views: dict[int, StepView] = {}

    def add(self, views: list[StepView]) -> None:
        with self.lock:
            for view in views:
                link = view.parent
                if link is None and view.forks:
                    link = view.forks[0].from_step
                self.tree.add(view.step, link)
                self._views[view.step] = view

    def __len__(self) -> int:
        return len(self.tree)

    def view_by_id(self, step_id: int, *, cache: bool = True) -> StepView:
        with self.lock:
            return self._views[step_id]

    def view_at(self, position: int, *, cache: bool = True) -> StepView:
        with self.lock:
            return self._views[self.tree.order[position]]


LoopFactory = Callable[[LoadProgress], Loop]
"""Builds a `Loop` (slow: it may load a model); called in a worker with a callback that takes
each loading stage as `(stage, fraction)`."""
