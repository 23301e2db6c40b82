"""`Recorder`: record code you already have, a plain `for` loop, as a transcript step by step.

No generator, no loop class: call `state()` when your code reaches a new state and `decide()`
when it has candidates, their scores and its choice. Each call is on disk when it returns
(flushed to the OS, fsynced in the background), so a crash loses at most the call in flight.
The transcript replays, scores and exports like any other; it cannot be forked live, since
there is no loop to resume.
"""

from __future__ import annotations

import math
import numbers
import operator
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    ErrorEvent,
    HeaderEvent,
    MetricsEvent,
    ModelInfo,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
)
from scaffold.transcript.events import StepEvent as StepEventT
from scaffold.transcript.writer import TranscriptWriter

Scores = Sequence[float | None]


class Recorder:
    """Writes one transcript: `state()` opens a step, `decide()` records a choice in it."""

    def __init__(
        self,
        path: str | Path,
        *,
        scaffold: str = "custom",
        task: str = "custom",
        instance: str = "",
        model: str = "none",
        backend: str = "none",
        seed: int | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> None:
        header = HeaderEvent(
            tool_version=__version__, loop="recorded", scaffold=scaffold,
            model=ModelInfo(id=model, backend=backend),
            task=TaskInfo(name=task, instance=instance), seed=seed, config=dict(config or {}),
        )
        self._writer = TranscriptWriter(path, header)
        self._step: int | None = None
        self._decided = False
        self._kept: str | None = None
        self._t0 = time.perf_counter()

    @property
    def path(self) -> Path:
        return self._writer.path

    def state(
        self, text: str, *, attrs: Mapping[str, Any] | None = None, final: bool = False,
        objective: float | None = None,
    ) -> int:
        """Open a new step at this state (the previous step is its parent); returns its id."""
        self._end_step()
        parent = self._step
        self._step = 0 if parent is None else parent + 1
        self._decided = False
        extra = dict(attrs or {})
        if objective is not None:
            extra["objective"] = float(objective)
        self._write([StateEvent(step=self._step, parent=parent, text=text, final=final,
                                attrs=extra)])
        return self._step

    def decide(
        self,
        candidates: Sequence[str],
        scores: Scores | Mapping[str, Scores],
        chosen: int | Sequence[int],
        *,
        rule: str = "argmax",
        scorer: str = "score",
        kind: Literal["internal", "external"] = "internal",
    ) -> list[str]:
        """Record the step's candidates, their scores (one list, or one per scorer name) and
        the chosen index or indices; returns the candidate ids."""
        step = self._open_step("decide")
        if self._decided:
            raise InputError("Recorder.decide: one decision per step; call state() first")
        by_scorer = {scorer: scores} if not isinstance(scores, Mapping) else dict(scores)
        for name, values in by_scorer.items():
            if len(values) != len(candidates):
                raise InputError(f"Recorder.decide: {len(values)} {name} scores for "
                                 f"{len(candidates)} candidates")
        picks = _indices(chosen)
        if not picks or any(not 0 <= i < len(candidates) for i in picks):
            raise InputError(f"Recorder.decide: chosen {chosen!r} is not a candidate index")
        cands = [Candidate(id=f"{step}.{i}", text=str(t), parent=self._kept)
                 for i, t in enumerate(candidates)]
        events: list[StepEventT] = [CandidatesEvent(step=step, candidates=cands)]
        for name, values in by_scorer.items():
            events.extend(
                ScoreEvent(step=step, candidate=c.id, scorer=name, kind=kind,
                           value=None if v is None or not math.isfinite(v) else float(v))
                for c, v in zip(cands, values, strict=True)
            )
        events.append(SelectEvent(step=step, chosen=[cands[i].id for i in picks], rule=rule))
        self._write(events)
        self._decided = True
        self._kept = cands[picks[0]].id
        return [c.id for c in cands]

    def error(self, message: str, *, kind: str = "error", fatal: bool = False) -> None:
        """Record a failure in the current step (the run goes on unless you stop it)."""
        step = self._open_step("error")
        self._write([ErrorEvent(step=step, message=message, kind=kind, fatal=fatal)])

    def close(self) -> None:
        self._end_step()
        self._writer.close()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _open_step(self, what: str) -> int:
        if self._step is None:
            raise InputError(f"Recorder.{what}: call state() first")
        return self._step

    def _end_step(self) -> None:
        if self._step is not None and self._t0 is not None:
            now = time.perf_counter()
            self._write([MetricsEvent(step=self._step, wall_s=now - self._t0)])
            self._t0 = now

    def _write(self, events: list[StepEventT]) -> None:
        self._writer.write_all(events)
        self._writer.sync_soon()


def _indices(chosen: object) -> list[int]:
    """`chosen` as candidate indices: an int or numpy integer, or an iterable of them; [] (so
    refused) for anything else, such as a float or a str."""
    if isinstance(chosen, numbers.Integral):
        return [operator.index(chosen)]
    if isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
        return []
    items = list(chosen)
    if not all(isinstance(i, numbers.Integral) for i in items):
        return []
    return [operator.index(i) for i in items]
