"""Messages the workers post to the app; a newer high-rate message replaces a pending one."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from scaffold.loops.base import Loop
from scaffold.run.stops import StopReason
from scaffold.scoring.card_rows import CardRow
from scaffold.transcript.steps import StepView


class _Mergeable(Message):
    """A newer message of the same type supersedes one still waiting in the queue."""

    def can_replace(self, message: Message) -> bool:
        return type(message) is type(self)


@dataclass
class IndexProgress(_Mergeable):
    done: int
    total: int


@dataclass
class IndexDone(Message):
    error: str | None = None


@dataclass
class CardUpdated(_Mergeable):
    rows: list[CardRow]
    scanned: int
    total: int
    complete: bool


@dataclass
class DerivedCardDone(Message):
    """The search card of the decisions found inside the texts (`score --implicit`), scored
    over the first `steps` steps."""

    rows: list[CardRow]
    steps: int


@dataclass
class StepsArrived(Message):
    """Steps the live loop just recorded."""

    views: list[StepView]


@dataclass
class LoopReady(Message):
    loop: Loop
    seconds: float


@dataclass
class LoadStage(Message):
    """The loader reached a named stage; `fraction` is its rough share of the load."""

    stage: str
    fraction: float


@dataclass
class LoopFailed(Message):
    error: str


@dataclass
class RunStopped(Message):
    reason: StopReason


@dataclass
class InterventionProgress(Message):
    """An intervention's arm was recorded: `done` of `total`."""

    label: str
    done: int
    total: int


@dataclass
class SearchDone(Message):
    query: str
    position: int | None
    scanned: int
