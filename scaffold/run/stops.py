"""Why a drive of a loop stopped, as a type: callers branch on `kind`, never on text.

The breakpoints of a live `r` run: a recorded error (a backend call that failed), a final
state (called solved only when its `attrs.solved` says so), or a drop of the state objective
against its parent step by more than `DROP_TOLERANCE`. The step budget and a pause are stops
too, checked by `drive`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scaffold.transcript.events import ErrorEvent
from scaffold.transcript.objective import state_objective
from scaffold.transcript.steps import StepView
from scaffold.visible_text import visible

DROP_TOLERANCE = 0.01
"""A drop smaller than this is noise, not a breakpoint: a diffusion track's objective is a log
probability that wobbles between steps far below a 1% change of confidence (0.01 nats), while
game24's reachability (0/1) and the toy's match fraction (steps of 1/36) drop by more."""


class StopKind(StrEnum):
    LIMIT = "limit"
    """The requested number of steps ran."""
    PAUSED = "paused"
    FINISHED = "finished"
    """The active branch has ended; only a fork goes on."""
    SOLVED = "solved"
    """A final state that says it solves the task (`attrs.solved` true)."""
    FINAL = "final"
    """A final state that does not say so: unsolved (`attrs.solved` false), or silent."""
    SCORE_DROP = "score-drop"
    BACKEND_ERROR = "backend-error"
    """A step recorded an `error` event (the step itself is kept)."""
    CRASHED = "crashed"
    """The loop raised; the steps before it are kept."""


@dataclass(frozen=True)
class StopReason:
    kind: StopKind
    steps: int = 0
    """Steps run in this drive."""
    step_id: int | None = None
    detail: str = ""
    error_kind: str = ""
    """For BACKEND_ERROR: the recorded error's kind (e.g. `backend`)."""

    @property
    def is_failure(self) -> bool:
        return self.kind in (StopKind.BACKEND_ERROR, StopKind.CRASHED)

    def describe(self) -> str:
        """One plain line; the detail may quote a model or server, so render it inertly."""
        match self.kind:
            case StopKind.LIMIT:
                return f"{self.steps} step{'s' if self.steps != 1 else ''} done"
            case StopKind.PAUSED:
                return "paused"
            case StopKind.FINISHED:
                return "finished: the branch has ended"
            case StopKind.SOLVED:
                return f"solved: step id {self.step_id} is final"
            case StopKind.FINAL:
                return f"final state at step id {self.step_id}{self.detail}"
            case StopKind.SCORE_DROP:
                return f"score drop at step id {self.step_id}: {self.detail}"
            case StopKind.BACKEND_ERROR:
                return f"{self.error_kind} error at step id {self.step_id}: {self.detail}"
            case StopKind.CRASHED:
                return f"error: {self.detail}"


def one_line(text: str, limit: int) -> str:
    """Whitespace runs (newlines included) as one space, every other unprintable character
    made visible (`scaffold.visible_text`), cut to `limit` characters: the text may come from
    a model or a server."""
    flat = visible(re.sub(r"\s+", " ", text).strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def error_line(err: ErrorEvent, limit: int = 300) -> str:
    """One line for a recorded error: `step id N: KIND error[ (fatal)]: message`."""
    fatal = " (fatal)" if err.fatal else ""
    return f"step id {err.step}: {err.kind} error{fatal}: {one_line(err.message, limit)}"


def error_stop(new: Sequence[StepView], steps: int) -> StopReason | None:
    """The first error these steps recorded, as a stop."""
    for view in new:
        if view.errors:
            err = view.errors[0]
            return StopReason(StopKind.BACKEND_ERROR, steps, view.step,
                              one_line(err.message, 160), error_kind=err.kind)
    return None


def breakpoint_stop(
    new: Sequence[StepView], known: Mapping[int, StepView], steps: int
) -> StopReason | None:
    """Why a run to a breakpoint should stop after these new steps, or None to go on."""
    failed = error_stop(new, steps)
    if failed:
        return failed
    for view in new:
        if view.state is not None and view.state.final:
            solved = view.state.attrs.get("solved")
            if solved is True:
                return StopReason(StopKind.SOLVED, steps, view.step)
            return StopReason(StopKind.FINAL, steps, view.step,
                              " (not solved)" if solved is False else "")
    for view in new:
        mine = state_objective(view)
        parent = known.get(view.parent) if view.parent is not None else None
        theirs = state_objective(parent)
        if mine is not None and theirs is not None and mine < theirs - DROP_TOLERANCE:
            return StopReason(StopKind.SCORE_DROP, steps, view.step, f"{theirs:.4g} → {mine:.4g}")
    return None
