"""The loop protocol: a loop is a plain generator that yields one step's events at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from scaffold.transcript.events import HeaderEvent
from scaffold.transcript.events import StepEvent as StepEventT
from scaffold.transcript.steps import StepView

StepEvents = list[StepEventT]
"""Everything one step recorded: a state event first, then candidates, scores, select, metrics."""


class StepIds:
    """Hands out step ids that stay unique across every branch of one transcript."""

    def __init__(self, start: int = 0) -> None:
        self._next = start

    def take(self) -> int:
        value = self._next
        self._next += 1
        return value

    def reserve_above(self, step_id: int) -> None:
        self._next = max(self._next, step_id + 1)


class Loop(Protocol):
    """A loop family bound to a model, a task and a config.

    Optionally it has `run_context()`, a context manager the runner holds for the whole run
    (every step and fork), for process settings the loop needs, restored when the run ends.
    """

    header: HeaderEvent

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        """A generator from the initial state; each item is one step."""
        ...

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        """A generator that resumes from a recorded step; its first item starts with a fork."""
        ...
