"""`drive`: the one stepping loop, shared by the headless runner and the live session."""

from __future__ import annotations

import threading
from collections.abc import Callable

from scaffold.loops.runner import LoopRunner
from scaffold.run.stops import StopKind, StopReason, breakpoint_stop, error_stop
from scaffold.transcript.steps import StepView

StepsCallback = Callable[[list[StepView]], None]


def drive(
    runner: LoopRunner,
    *,
    limit: int | None = None,
    breakpoints: bool = False,
    stop_on_error: bool = True,
    pause: threading.Event | None = None,
    on_steps: StepsCallback | None = None,
) -> StopReason:
    """Step the runner's active branch until a stop, recording each step as it completes.

    `limit` bounds the steps (None: until the branch ends). `breakpoints` also stops on a
    solved state or a score drop; `stop_on_error` on a step that recorded an error. `pause`,
    when set, stops before the next step (never before the first). `on_steps` hears the views
    of every step as soon as it is recorded. Exceptions from the loop propagate; the steps
    before them are already on disk.
    """
    done = 0
    while limit is None or done < limit:
        if done and pause is not None and pause.is_set():
            return StopReason(StopKind.PAUSED, done)
        events = runner.step()
        if events is None:
            return StopReason(StopKind.FINISHED, done)
        done += 1
        views = [runner.views[s] for s in dict.fromkeys(ev.step for ev in events)]
        if on_steps is not None:
            on_steps(views)
        if breakpoints:
            stop = breakpoint_stop(views, runner.views, done)
        else:
            stop = error_stop(views, done) if stop_on_error else None
        if stop is not None:
            return stop
    return StopReason(StopKind.LIMIT, done)
