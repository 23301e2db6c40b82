"""`SearchLoop`: a loop of your own in a few methods, with recording, forks, the TUI and scoring.

Subclass it and write `initial`, `propose` and `evaluate`; optionally `select`, `objective` and
`is_final`. Each step records the state, the candidates `propose` returns, one score per
candidate from the evaluator hook, and the candidate `select` chose, which becomes the next
state. The evaluator is the attribute `loop.evaluator` (initially the bound `evaluate`), so a
tool can replace it on any loop without knowing the loop. What the selection reads passes
through `select_scores` (`scaffold/loops/hooks.py`), the hook interventions replace.
"""

from __future__ import annotations

import copy
import math
import numbers
import operator
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ClassVar

from pydantic import Field

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.hooks import Evaluation, Outcome, SelectHook, hooked
from scaffold.run.config import LoopConfig
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    ForkEvent,
    HeaderEvent,
    MetricsEvent,
    ModelInfo,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
)
from scaffold.transcript.steps import StepView

Evaluator = Callable[[str, Sequence[str]], Sequence[float | None]]
"""(state, candidates) -> one score per candidate (None: not evaluated)."""


class SearchLoopConfig(LoopConfig):
    """Settings every `SearchLoop` has; subclass to add your own (`--set KEY=VALUE`)."""

    steps: int = Field(20, ge=1, le=1_000_000, description="Steps per branch.")
    n: int = Field(4, ge=1, le=10_000, description="Candidates per step.")


class SearchLoop:
    """Generate, evaluate, select. See the module doc and docs/loops.md."""

    Config: ClassVar[type[SearchLoopConfig]] = SearchLoopConfig
    scaffold: ClassVar[str] = ""
    """Names the scaffold in the header (default: the class name)."""
    task: ClassVar[str] = "custom"
    scorer: ClassVar[str] = "evaluate"
    """The scorer name recorded with each score."""
    rule: ClassVar[str] = "argmax evaluate"
    """How `select` chooses, in words (recorded on every select event)."""

    def __init__(self, config: LoopConfig | None = None) -> None:
        cls = type(self)
        if not (isinstance(cls.Config, type) and issubclass(cls.Config, SearchLoopConfig)):
            raise InputError(f"{cls.__name__}.Config: a SearchLoop's Config must derive from "
                             "SearchLoopConfig (it has `steps` and `n`)")
        self.config: Any = config if config is not None else self.Config()
        self.evaluator: Evaluator = self.evaluate
        self.select_scores: SelectHook | None = None
        name = self.scaffold or type(self).__name__
        self.header = HeaderEvent(
            tool_version=__version__, loop="custom", scaffold=name,
            model=ModelInfo(id="none", backend="none"),
            task=TaskInfo(name=self.task, objective=self.scorer),
            seed=self.config.seed, config=self.config.model_dump(),
        )

    # ----- what a subclass writes ------------------------------------------------------------

    def initial(self, rng: random.Random) -> str:
        """The first state."""
        raise NotImplementedError

    def propose(self, state: str, rng: random.Random) -> Sequence[str]:
        """Candidates from `state` (`self.config.n` of them, usually)."""
        raise NotImplementedError

    def evaluate(self, state: str, candidates: Sequence[str]) -> Sequence[float | None]:
        """One score per candidate, higher is better. The default evaluator hook."""
        raise NotImplementedError

    def select(
        self, candidates: Sequence[str], scores: Sequence[float | None], rng: random.Random
    ) -> int:
        """The index of the chosen candidate: by default the best score, the first on ties."""
        usable = [i for i, s in enumerate(scores) if s is not None and math.isfinite(s)]
        if not usable:
            return 0
        return max(usable, key=lambda i: (float(scores[i] or 0.0), -i))

    def objective(self, state: str) -> float | None:
        """The state's own objective, if it has one (shown and scored as a trend)."""
        return None

    def is_final(self, state: str) -> bool:
        """A final state ends the branch (a solved task, say)."""
        return False

    def other_scores(
        self, state: str, candidates: Sequence[str]
    ) -> dict[str, Sequence[float | None]]:
        """Scores by other scorers (an external verifier, say), recorded as `external` and
        available to `swap:NAME` interventions; the selection never reads them by default."""
        return {}

    def judge(self, state: StateEvent) -> Outcome:
        """A recorded state's objective (interventions compare the outcomes of branches)."""
        value = self.objective(state.text) if state.text is not None else None
        return Outcome(None if value is None else float(value))

    # ----- the loop protocol ----------------------------------------------------------------

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        rng = random.Random(self.config.seed)
        yield from self._branch(ids, rng, self.initial(rng), parent=None, prefix=[])

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        """Resume from a recorded state with a new seed; `params` override config fields."""
        if origin.state is None or origin.state.text is None:
            raise InputError(f"fork: step {origin.step} has no recorded text state")
        branch = copy.copy(self)
        branch.config = self.config.with_params(params)
        first = ids.take()
        fork = ForkEvent(step=first, from_step=origin.step, seed=seed, params=params)
        return branch._branch(ids, random.Random(seed), origin.state.text, parent=origin.step,
                              prefix=[fork], first=first)

    def _fail(self, method: str, problem: str) -> InputError:
        return InputError(f"{type(self).__name__}.{method} {problem}")

    def _state(self, method: str, value: object) -> str:
        if not isinstance(value, str):
            raise self._fail(method, f"must return a state as a str, not {_show(value)}")
        return value

    def _scores(self, method: str, values: object, count: int) -> list[float | None]:
        """`values` as one score (a real number or None) per candidate, else InputError."""
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise self._fail(method, f"must return one score per candidate, not {_show(values)}")
        scores = list(values)
        for i, s in enumerate(scores):
            if s is not None and not _is_number(s):
                raise self._fail(method, f"gave score {i} as {_show(s)}: a score is a number "
                                 "or None")
        if len(scores) != count:
            raise InputError(f"the evaluator gave {len(scores)} scores for {count} candidates"
                             if method in ("evaluate", "evaluator") else
                             f"{type(self).__name__}.{method} gave {len(scores)} scores for "
                             f"{count} candidates")
        return [None if s is None else float(s) for s in scores]

    def _evaluator_name(self) -> str:
        """`evaluate`, or `evaluator` once a tool has replaced the hook."""
        return "evaluate" if self.evaluator == self.evaluate else "evaluator"

    def _objective(self, state: str) -> float | None:
        value = self.objective(state)
        if value is not None and not _is_number(value):
            raise self._fail("objective", f"must return a number or None, not {_show(value)}")
        return None if value is None else float(value)

    def _proposals(self, state: str, rng: random.Random) -> list[str]:
        proposed = self.propose(state, rng)
        if isinstance(proposed, str | bytes) or not isinstance(proposed, Iterable):
            raise self._fail("propose", f"must return a list of candidates, not {_show(proposed)}")
        texts = [str(c) for c in proposed]
        if not texts:
            raise InputError(f"{type(self).__name__}.propose returned no candidates")
        return texts

    def _selection(self, texts: list[str], scores: list[float | None],
                   rng: random.Random) -> int:
        chosen = self.select(texts, scores, rng)
        if isinstance(chosen, bool) or not isinstance(chosen, numbers.Integral):
            raise self._fail("select", f"must return a candidate index (an int), not "
                             f"{_show(chosen)}")
        index = operator.index(chosen)
        if not 0 <= index < len(texts):
            raise self._fail("select", f"returned {index}: not a candidate index "
                             f"(0 to {len(texts) - 1})")
        return index

    def _branch(
        self, ids: StepIds, rng: random.Random, state: str, parent: int | None,
        prefix: StepEvents, first: int | None = None,
    ) -> Iterator[StepEvents]:
        step = ids.take() if first is None else first
        kept: str | None = None
        state = self._state("initial" if parent is None else "fork", state)
        for k in range(self.config.steps):
            t0 = time.perf_counter()
            done = self.is_final(state) or k == self.config.steps - 1
            attrs: dict[str, Any] = {}
            value = self._objective(state)
            if value is not None:
                attrs["objective"] = value
            events: StepEvents = [*prefix] if k == 0 else []
            events.append(StateEvent(step=step, parent=parent, text=state, final=done,
                                     attrs=attrs))
            if done:
                yield events
                return
            texts = self._proposals(state, rng)
            cands = [Candidate(id=f"{step}.{i}", text=t, parent=kept) for i, t in enumerate(texts)]
            scores = self._scores(self._evaluator_name(), self.evaluator(state, texts),
                                  len(texts))
            others = {k: self._scores(f"other_scores[{k!r}]", v, len(texts))
                      for k, v in self.other_scores(state, texts).items()}
            events.append(CandidatesEvent(step=step, candidates=cands))
            for name, values in {self.scorer: scores, **others}.items():
                events.extend(
                    ScoreEvent(step=step, candidate=c.id, scorer=name,
                               kind="internal" if name == self.scorer else "external",
                               value=None if s is None else float(s))
                    for c, s in zip(cands, values, strict=True)
                )
            evaluation = Evaluation(step, tuple(c.id for c in cands),
                                    {self.scorer: scores, **others}, self.scorer)
            used, replaced = hooked(self.select_scores, evaluation)
            events.extend(replaced)
            best = self._selection(texts, list(used), rng)
            events.append(SelectEvent(step=step, chosen=[cands[best].id], rule=self.rule))
            events.append(MetricsEvent(step=step, wall_s=time.perf_counter() - t0))
            yield events
            state, parent, kept = texts[best], step, cands[best].id
            step = ids.take()


def _is_number(value: object) -> bool:
    """A real number, numpy's included (a bool counts: a pass/fail verifier); not a str."""
    return isinstance(value, numbers.Real)


def _show(value: object) -> str:
    """A bad value in a one-line error: its type and a short repr."""
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"
