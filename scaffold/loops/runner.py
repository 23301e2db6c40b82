"""Drives a loop one step at a time and records every step as it completes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, get_args

from scaffold.errors import InputError
from scaffold.loops.base import Loop, StepEvents, StepIds
from scaffold.loops.user_code import loop_code
from scaffold.transcript.events import ForkEvent, StateEvent, StepEvent
from scaffold.transcript.steps import StepTree, StepView
from scaffold.transcript.writer import TranscriptWriter

STEP_EVENT_TYPES: tuple[type, ...] = get_args(get_args(StepEvent)[0])
"""What a step may hold: every event kind but the header (which the writer wrote first)."""


class LoopRunner:
    """Owns the active branch's generator and the writer; used by the TUI worker and --headless.

    Each step is written as soon as the loop yields it, so a kill loses at most the step in
    flight. Step views are kept in memory so any recorded step can be forked.
    """

    def __init__(
        self, loop: Loop, out: str | Path, *, append: bool = False, step_sync: bool = True
    ) -> None:
        """A new transcript at `out`, started from the loop's initial state; or, with `append`,
        the recorded steps of `out` (read back so they can be forked) and no active branch.
        `step_sync=False`: fsync the file once, at close (TranscriptWriter)."""
        self.loop = loop
        self.ids = StepIds()
        self.tree = StepTree()
        self.views: dict[int, StepView] = {}
        self._events: dict[int, StepEvents] = {}
        self.finished = append
        if append:
            from scaffold.transcript.reader import read_transcript

            _, recorded, _ = read_transcript(out)
            self._index(recorded)
        self.writer = TranscriptWriter(out, loop.header, append=append, step_sync=step_sync)
        self._held = ExitStack()
        run_context = getattr(loop, "run_context", None)
        if run_context is not None:  # e.g. a thread count the loop needs for the whole run
            self._held.enter_context(run_context())
        self._active: Iterator[StepEvents] | None = None
        if not append:
            with loop_code(type(loop)):
                self._active = loop.start(self.ids)

    @property
    def path(self) -> Path:
        return self.writer.path

    def step(self) -> StepEvents | None:
        """Run one step of the active branch; None when the branch has finished."""
        if self._active is None:
            return None
        try:
            with loop_code(type(self.loop)):
                events = next(self._active)
            self._check(events)
        except StopIteration:
            self._active, self.finished = None, True
            return None
        except InputError:
            self._active, self.finished = None, True  # the branch cannot go on
            raise
        self._record(events)
        return events

    def origin(self, from_step: int) -> StepView:
        """The recorded step a fork starts from; InputError for one that is not recorded."""
        origin = self.views.get(from_step)
        if origin is None:
            raise InputError(f"fork: no step {from_step!r} in {self.path}")
        return origin

    def fork(self, from_step: int, seed: int, params: dict[str, Any] | None = None) -> None:
        """Make a new branch from a recorded step the active one; the old branch stops.
        InputError for a step that is not recorded."""
        origin = self.origin(from_step)
        with loop_code(type(self.loop)):
            self._active = self.loop.fork(origin, self.ids, seed, dict(params or {}))
        self.finished = False

    def activate(self, branch: Iterator[StepEvents]) -> None:
        """Make `branch` (a fork generator of this transcript's steps, e.g. from a modified copy
        of the loop) the active one."""
        self._active = branch
        self.finished = False

    def _check(self, events: object) -> None:
        """InputError, before any of it is written, for a step that is not a list of step
        events (a header, a dict, None...): the file keeps every earlier step readable."""
        name = self.loop.header.scaffold or type(self.loop).__name__
        if not isinstance(events, list | tuple):
            raise InputError(f"loop {name}: a step must be a list of step events, "
                             f"got {_describe(events)}")
        for i, ev in enumerate(events):
            if not isinstance(ev, STEP_EVENT_TYPES):
                raise InputError(f"loop {name}: item {i} of a step is {_describe(ev)}, not a "
                                 "step event (state, candidates, score, select, fork, note, "
                                 "error or metrics)")

    def _record(self, events: StepEvents) -> None:
        self.writer.write_all(events)
        self._index(events)
        self.writer.sync_soon()

    def _index(self, events: StepEvents) -> None:
        by_step: dict[int, StepEvents] = {}
        for ev in events:
            by_step.setdefault(ev.step, []).append(ev)
            if isinstance(ev, StateEvent | ForkEvent):
                link = ev.parent if isinstance(ev, StateEvent) else ev.from_step
                self.tree.add(ev.step, link)
            else:
                self.tree.add(ev.step)
            self.ids.reserve_above(ev.step)
        for step_id, evs in by_step.items():
            self._events.setdefault(step_id, []).extend(evs)
            self.views[step_id] = StepView.from_events(step_id, self._events[step_id])

    def close(self) -> None:
        try:
            self.writer.close()
        finally:
            self._held.close()


def _describe(value: object) -> str:
    """A short name of what a loop yielded, for a one-line error."""
    event = getattr(value, "event", None)
    if isinstance(event, str):
        return f"a {event} event ({type(value).__name__})"
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"
