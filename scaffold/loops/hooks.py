"""The evaluation hooks a loop declares, so a tool can replace what its selections read.

A loop that selects among scored candidates builds an `Evaluation` at each decision (every
scorer's values and the one its selection reads) and passes it through its `select_scores`
hook before selecting. The default hook is None: the selection reads its own scores. An
intervention installs a `SelectHook` on a copy of the loop and forks from a recorded step;
the copy records the hook's scores under the hook's name, so the scorer can test the choices
against exactly the scores the selection used. A loop whose objective can be changed (a
countdown target, a diffusion guidance class) also offers `retarget` and `judge`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from scaffold.transcript.events import ScoreEvent, StateEvent
from scaffold.transcript.steps import StepView

Values = list[float | None]


@dataclass(frozen=True)
class Evaluation:
    """One decision as its selection is about to see it."""

    step: int
    ids: tuple[str, ...]
    scores: Mapping[str, Sequence[float | None]]
    """Every scorer's values at this decision, by recorded scorer name, one per candidate."""
    selects_on: str
    """The scorer whose values the selection reads when nothing is replaced."""

    @property
    def own(self) -> Values:
        return list(self.scores[self.selects_on])


class SelectHook(Protocol):
    """Replacement scores for a decision. `name` is the scorer name they are recorded under;
    `acts` False (a control arm) records them but lets the selection read its own."""

    name: str
    acts: bool

    def __call__(self, evaluation: Evaluation) -> Values: ...


@dataclass(frozen=True)
class Outcome:
    """How a final state does on an objective: its value and whether it counts as solved."""

    objective: float | None
    solved: bool | None = None


@runtime_checkable
class Intervenable(Protocol):
    """A loop whose selections read their scores through `select_scores`."""

    select_scores: SelectHook | None


@runtime_checkable
class Retargetable(Protocol):
    """A loop whose objective can be changed from a recorded step on."""

    def retarget(self, value: str) -> Any:
        """A copy of the loop pursuing objective `value`; InputError if the task cannot."""
        ...

    def judge(self, state: StateEvent) -> Outcome:
        """How a recorded final state does on this loop's objective."""
        ...


class NoteEdit(Protocol):
    """Rewrites text a loop wrote about its own options before the loop reads it (a
    counterfactual edit); `name` is recorded beside the edited note."""

    name: str

    def __call__(self, text: str) -> str: ...


class Forkable(Protocol):
    """Optional: a loop that can fork only some recorded steps says which (a diffusion run
    cannot resume a fully denoised image); interventions then skip the others.
    `scores_replaced`: the fork will carry a replaced evaluation (else a retarget)."""

    def forkable(self, view: StepView, scores_replaced: bool) -> bool: ...


def hooked(hook: SelectHook | None, evaluation: Evaluation) -> tuple[Values, list[ScoreEvent]]:
    """The values the selection reads, and the score events recording the hook's values."""
    own = evaluation.own
    if hook is None:
        return own, []
    new = [None if v is None else float(v) for v in hook(evaluation)]
    if len(new) != len(own):
        raise ValueError(f"{hook.name}: {len(new)} scores for {len(own)} candidates")
    events = [ScoreEvent(step=evaluation.step, candidate=cid, value=v, scorer=hook.name,
                         kind="internal", detail=None if hook.acts else "recorded, not used")
              for cid, v in zip(evaluation.ids, new, strict=True)]
    return (new if hook.acts else own), events
