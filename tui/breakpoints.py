"""When `r` stops a live run: a recorded error (a backend that failed), a solved (final) state,
a drop of the state objective against its parent step by more than DROP_TOLERANCE, or the
step budget (checked by the caller)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from scaffold.transcript.events import ErrorEvent
from scaffold.transcript.steps import StepView
from tui.safe_text import one_line

OBJECTIVE_KEYS = ("objective", "score", "value", "reward")
DROP_TOLERANCE = 0.01
"""A drop smaller than this is noise, not a breakpoint: a diffusion track's objective is a log
probability that moves by ~1e-4 from step to step (0.01 nats is a 1% change of confidence),
while game24's reachability (0/1) and the toy's match fraction (steps of 1/36) drop by more."""


def state_objective(view: StepView | None) -> float | None:
    if view is None or view.state is None:
        return None
    for key in OBJECTIVE_KEYS:
        value = view.state.attrs.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None


def error_line(err: ErrorEvent, limit: int = 300) -> str:
    """One inert line for a recorded error: `step id N: KIND error[ (fatal)]: message`."""
    fatal = " (fatal)" if err.fatal else ""
    return f"step id {err.step}: {err.kind} error{fatal}: {one_line(err.message, limit)}"


def error_reason(new: list[StepView]) -> str | None:
    """The first error these steps recorded (a backend that failed), as a stop reason."""
    for view in new:
        if view.errors:
            err = view.errors[0]
            return f"{err.kind} error at step id {view.step}: {one_line(err.message, 160)}"
    return None


def breakpoint_reason(new: list[StepView], known: Mapping[int, StepView]) -> str | None:
    """Why the run should stop after these new steps, or None to go on."""
    failed = error_reason(new)
    if failed:
        return failed
    for view in new:
        if view.state is not None and view.state.final:
            return f"solved: step id {view.step} is final"
    for view in new:
        mine = state_objective(view)
        parent = known.get(view.parent) if view.parent is not None else None
        theirs = state_objective(parent)
        if mine is not None and theirs is not None and mine < theirs - DROP_TOLERANCE:
            return f"score drop at step id {view.step}: {theirs:.4g} → {mine:.4g}"
    return None
