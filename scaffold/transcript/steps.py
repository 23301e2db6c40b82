"""Steps as the UI and scorer see them: one step's events grouped, and the tree of steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    ErrorEvent,
    ForkEvent,
    MetricsEvent,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
)
from scaffold.transcript.events import StepEvent as StepEventT


@dataclass(frozen=True)
class StepView:
    """Everything recorded for one step, in file order."""

    step: int
    state: StateEvent | None
    candidates: tuple[Candidate, ...]
    scores: tuple[ScoreEvent, ...]
    select: SelectEvent | None
    metrics: tuple[MetricsEvent, ...]
    notes: tuple[NoteEvent, ...]
    errors: tuple[ErrorEvent, ...]
    forks: tuple[ForkEvent, ...]
    selects: tuple[SelectEvent, ...] = ()
    """Every select event of the step; `select` is the main one (no `stage`)."""

    @property
    def parent(self) -> int | None:
        return self.state.parent if self.state else None

    @property
    def chosen(self) -> frozenset[str]:
        return frozenset(self.select.chosen) if self.select else frozenset()

    def scores_for(self, candidate_id: str) -> list[ScoreEvent]:
        return [s for s in self.scores if s.candidate == candidate_id]

    @classmethod
    def from_events(cls, step: int, events: Iterable[StepEventT]) -> StepView:
        state: StateEvent | None = None
        selects: list[SelectEvent] = []
        cands: list[Candidate] = []
        scores: list[ScoreEvent] = []
        metrics: list[MetricsEvent] = []
        notes: list[NoteEvent] = []
        errors: list[ErrorEvent] = []
        forks: list[ForkEvent] = []
        for ev in events:
            # the common kinds by their exact type first; anything else by the pattern match
            if type(ev) is ScoreEvent:
                scores.append(ev)
            elif type(ev) is CandidatesEvent:
                cands.extend(ev.candidates)
            elif type(ev) is StateEvent:
                state = ev
            elif type(ev) is SelectEvent:
                selects.append(ev)
            else:
                match ev:
                    case StateEvent():
                        state = ev
                    case CandidatesEvent():
                        cands.extend(ev.candidates)
                    case ScoreEvent():
                        scores.append(ev)
                    case SelectEvent():
                        selects.append(ev)
                    case MetricsEvent():
                        metrics.append(ev)
                    case NoteEvent():
                        notes.append(ev)
                    case ErrorEvent():
                        errors.append(ev)
                    case ForkEvent():
                        forks.append(ev)
        main = [s for s in selects if s.stage is None] or selects
        return cls(
            step, state, tuple(cands), tuple(scores), main[-1] if main else None,
            tuple(metrics), tuple(notes), tuple(errors), tuple(forks), tuple(selects),
        )


@dataclass
class StepTree:
    """Step ids in first-seen order with their parents; grows as steps arrive."""

    order: list[int] = field(default_factory=list)
    parent: dict[int, int | None] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    _position: dict[int, int] = field(default_factory=dict)

    def add(self, step: int, parent: int | None = None) -> None:
        """Record a step; a later call may fill in a parent that was unknown."""
        if step not in self._position:
            self._position[step] = len(self.order)
            self.order.append(step)
            self.children.setdefault(step, [])
        if parent is not None and self.parent.get(step) is None and parent != step:
            self.parent[step] = parent
            self.children.setdefault(parent, []).append(step)
        else:
            self.parent.setdefault(step, None)

    def __len__(self) -> int:
        return len(self.order)

    def position(self, step: int) -> int:
        return self._position[step]

    @property
    def branch_points(self) -> list[int]:
        """Positions (in order) of steps with two or more children."""
        return sorted(self._position[s] for s, kids in self.children.items() if len(kids) > 1)

    @property
    def leaves(self) -> list[int]:
        return [s for s in self.order if not self.children.get(s)]
