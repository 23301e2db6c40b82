"""A small, fast, deterministic loop on a string-matching objective, with no model.

It exists so every layer (recorder, reader, scorer, TUI) can be exercised on a real loop in
milliseconds: `hill-climb` selects on its evaluation (a search); `random-walk` generates and
scores the same candidates but picks blindly (not a search). The pair is the smallest
demonstration of what mesascope measures.
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from scaffold import __version__
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

TARGET = "search is selection on an evaluation"
ALPHABET = string.ascii_lowercase + " "
SCAFFOLDS = ("hill-climb", "random-walk")


def match_score(text: str, target: str = TARGET) -> float:
    """Fraction of positions that already hold the target character."""
    return sum(a == b for a, b in zip(text, target, strict=False)) / len(target)


def mutate(text: str, rng: random.Random, edits: int = 2) -> str:
    """Replace `edits` random positions with random characters."""
    chars = list(text)
    for _ in range(edits):
        chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
    return "".join(chars)


def _value(score: float | None) -> float:
    return float("-inf") if score is None else score


class ToyConfig(LoopConfig):
    """`run --loop toy`: the scaffold, candidates per step and steps per branch."""

    scaffold: Literal["hill-climb", "random-walk"] = "hill-climb"
    n: int = Field(4, ge=1, le=1000, description="Candidates per step.")
    steps: int = Field(60, ge=1, le=1_000_000, description="Steps per branch.")


def toy_header_settings(header: HeaderEvent) -> dict[str, Any]:
    """The config a toy transcript was recorded with."""
    return {"scaffold": header.scaffold, "seed": header.seed or 0,
            "n": header.config.get("n", 4), "steps": header.config.get("steps", 60)}


def build_toy_loop(config: ToyConfig, progress: object = None) -> ToyLoop:
    return ToyLoop(scaffold=config.scaffold, seed=config.seed, n=config.n, steps=config.steps)


class ToyLoop:
    """Mutate-and-select on a string. `n` candidates per step, `steps` steps per branch."""

    def __init__(
        self, scaffold: str = "hill-climb", seed: int = 0, n: int = 4, steps: int = 60
    ) -> None:
        if scaffold not in SCAFFOLDS:
            raise ValueError(f"toy scaffold must be one of {SCAFFOLDS}, got {scaffold!r}")
        self.scaffold, self.seed, self.n, self.steps = scaffold, seed, n, steps
        self.select_scores: SelectHook | None = None
        self.header = HeaderEvent(
            tool_version=__version__,
            loop="toy",
            scaffold=scaffold,
            model=ModelInfo(id="none", backend="none"),
            task=TaskInfo(name="string-match", instance=TARGET, objective="match_score"),
            seed=seed,
            config={"n": n, "steps": steps, "edits": 2, "alphabet": ALPHABET},
        )

    def judge(self, state: StateEvent) -> Outcome:
        """A recorded state's match score, solved when it is the target."""
        value = match_score(state.text or "")
        return Outcome(value, value == 1.0)

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        rng = random.Random(self.seed)
        text = "".join(rng.choice(ALPHABET) for _ in TARGET)
        yield from self._branch(ids, rng, text, parent=None, prefix=[])

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        text = origin.state.text if origin.state and origin.state.text else ""
        first = ids.take()
        fork = ForkEvent(step=first, from_step=origin.step, seed=seed, params=params)
        rng = random.Random(seed)
        yield from self._branch(ids, rng, text, parent=origin.step, prefix=[fork], first=first)

    def _branch(
        self,
        ids: StepIds,
        rng: random.Random,
        text: str,
        parent: int | None,
        prefix: StepEvents,
        first: int | None = None,
    ) -> Iterator[StepEvents]:
        step = ids.take() if first is None else first
        kept: str | None = None
        for k in range(self.steps):
            t0 = time.perf_counter()
            value = match_score(text)
            done = value == 1.0 or k == self.steps - 1
            events: StepEvents = [*prefix] if k == 0 else []
            state = StateEvent(
                step=step, parent=parent, text=text, final=done, attrs={"objective": value}
            )
            events.append(state)
            if done:
                yield events
                return
            cands = [
                Candidate(id=f"{step}.{i}", text=mutate(text, rng), parent=kept)
                for i in range(self.n)
            ]
            events.append(CandidatesEvent(step=step, candidates=cands))
            values = [match_score(c.text or "") for c in cands]
            for c, v in zip(cands, values, strict=True):
                events.append(
                    ScoreEvent(step=step, candidate=c.id, value=v, scorer="match", kind="internal")
                )
            evaluation = Evaluation(step, tuple(c.id for c in cands), {"match": values}, "match")
            used, replaced = hooked(self.select_scores, evaluation)
            events.extend(replaced)
            if self.scaffold == "hill-climb":
                best = max(range(self.n), key=lambda i: (_value(used[i]), -i))
                rule = "argmax match"
            else:
                best = rng.randrange(self.n)
                rule = "uniform random"
            events.append(SelectEvent(step=step, chosen=[cands[best].id], rule=rule))
            events.append(MetricsEvent(step=step, wall_s=time.perf_counter() - t0))
            yield events
            text, parent, kept = cands[best].text or "", step, cands[best].id
            step = ids.take()
