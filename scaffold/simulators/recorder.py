"""Turns a simulated process's moves into real transcript events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from scaffold.simulators.objectives import Objective, Point
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ModelInfo,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
)
from scaffold.transcript.events import StepEvent as StepEventT

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


class Recorder:
    """One state per step, then the step's candidates, their scores and the selection."""

    def __init__(self, objective: Objective, header: HeaderEvent) -> None:
        self.objective = objective
        self.events: list[HeaderEvent | StepEventT] = [header]
        self.step = 0
        self._cid = 0

    def new_id(self) -> str:
        self._cid += 1
        return f"c{self._cid}"

    def start(self, x: Point) -> None:
        f = self.objective.f(x)
        self.events.append(StateEvent(step=0, text=self.objective.text(x),
                                      attrs={"objective": round(f, 6)}))

    def record_decision(
        self,
        points: Sequence[Point],
        parents: Sequence[str | None],
        chosen: Sequence[int],
        rule: str,
        scores: Sequence[float | None] | None = None,
        state: Point | None = None,
        scorer: str = "objective",
    ) -> list[str]:
        """Record one decision; returns the candidate ids."""
        self.step += 1
        step, obj = self.step, self.objective
        ids = [self.new_id() for _ in points]
        values = [obj.f(p) for p in points] if scores is None else list(scores)
        here = points[chosen[0]] if state is None else state
        self.events.append(StateEvent(step=step, parent=step - 1, text=obj.text(here),
                                      attrs={"objective": round(obj.f(here), 6)}))
        self.events.append(CandidatesEvent(step=step, candidates=[
            Candidate(id=i, text=obj.text(p), parent=par, attrs={"vector": p.tolist()})
            for i, p, par in zip(ids, points, parents, strict=True)
        ]))
        for i, v in zip(ids, values, strict=True):
            value = None if v is None or not np.isfinite(v) else round(float(v), 6)
            self.events.append(ScoreEvent(step=step, candidate=i, value=value, scorer=scorer,
                                          kind="internal"))
        self.events.append(SelectEvent(step=step, chosen=[ids[j] for j in chosen], rule=rule))
        return ids


def sim_header(process: str, objective: str, seed: int, decisions: int, k: int) -> HeaderEvent:
    return HeaderEvent(
        tool_version="simulator",
        loop="simulator",
        scaffold=process,
        model=ModelInfo(id="none"),
        task=TaskInfo(name=f"toy-{objective}", instance=f"seed={seed}",
                      objective="maximise the toy objective"),
        seed=seed,
        config={"process": process, "objective": objective, "decisions": decisions, "k": k},
        created=EPOCH,
    )
