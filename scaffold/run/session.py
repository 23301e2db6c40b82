"""`LiveSession`: what a live UI holds, without any UI: the runner, pause, forks.

A UI calls `step`, `run` or `fork` from a worker thread; they drive the loop under one lock
and hand each step's views to a callback as they are recorded. `pause()` and `close()` are
safe from any thread: the step in flight finishes and is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.loops.base import Loop
from scaffold.loops.runner import LoopRunner
from scaffold.run.config import MAX_SEED
from scaffold.run.drive import StepsCallback, drive
from scaffold.run.stops import StopKind, StopReason

DEFAULT_RUN_LIMIT = 20


@dataclass(frozen=True)
class ForkSpec:
    """Fork from a recorded step with a new seed and overridden config params."""

    from_step: int
    seed: int
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_fork_seed(self.seed)


def check_fork_seed(seed: object) -> None:
    """InputError unless `seed` is a whole number a run's seed may be (0 to 2**63-1)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"fork seed: must be a whole number from 0 to {MAX_SEED}, got {seed!r}")


class LiveSession:
    """A loop being recorded to `out`, driven on demand."""

    def __init__(
        self, loop: Loop, out: str | Path, *, seed: int = 0, run_limit: int = DEFAULT_RUN_LIMIT
    ) -> None:
        self.runner = LoopRunner(loop, out)
        self.seed = seed
        self.run_limit = run_limit
        self.forks = 0
        self._pause = threading.Event()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def header(self) -> Any:
        return self.runner.loop.header

    @property
    def out(self) -> Path:
        return self.runner.path

    def next_fork_seed(self) -> int:
        """The seed offered for the next fork: distinct from the run's and earlier forks'."""
        return self.seed + 1 + self.forks

    def step(self, on_steps: StepsCallback | None = None) -> StopReason:
        """One step (an error it records is the stop's kind)."""
        return self._drive(1, breakpoints=False, on_steps=on_steps)

    def run(self, on_steps: StepsCallback | None = None) -> StopReason:
        """Steps until a breakpoint, a pause, the branch's end or `run_limit` steps."""
        return self._drive(self.run_limit, breakpoints=True, on_steps=on_steps)

    def fork(self, spec: ForkSpec, on_steps: StepsCallback | None = None) -> StopReason:
        """Make a branch from a recorded step the active one, and run its first step. A step
        that is not recorded raises InputError before anything runs."""
        self.runner.origin(spec.from_step)
        return self._drive(1, breakpoints=False, on_steps=on_steps, fork=spec)

    def intervene(
        self, kind: str, from_step: int, seeds: int, on_steps: StepsCallback | None = None,
        on_arm: Callable[[int, int], None] | None = None,
    ) -> StopReason:
        """Paired intervention forks from a recorded step (`scaffold.interventions`), each
        arm recorded as it runs; `on_arm(done, total)` hears each finished arm. Bad input
        raises InputError before anything runs; `pause()` stops after the arm in flight."""
        from scaffold.interventions.kinds import Intervention
        from scaffold.interventions.run import make_plan, run_plan

        runner = self.runner
        plan = make_plan(runner.loop, runner.views, runner.tree.order, Intervention.parse(kind),
                         at=from_step, seeds=seeds, first_seed=self.next_fork_seed())
        total = len(plan.arms)
        with self._lock:
            if self._closed:
                return StopReason(StopKind.PAUSED)
            try:
                done = run_plan(runner, runner.loop, plan, on_steps=on_steps, pause=self._pause,
                                on_arm=None if on_arm is None else
                                (lambda n, _arm, _stop: on_arm(n, total)))
                self.forks += len(plan.seeds)
            except Exception as err:
                return StopReason(StopKind.CRASHED, detail=f"{type(err).__name__}: {err}")
            finally:
                self._pause.clear()
        return StopReason(StopKind.PAUSED if done < total else StopKind.FINISHED, done)

    @property
    def running(self) -> bool:
        return self._lock.locked()

    def pause(self) -> None:
        """Stop the drive in flight after its current step; no effect when idle."""
        if self.running:
            self._pause.set()

    def close(self) -> None:
        """Stop after the step in flight and close the transcript."""
        self._pause.set()
        with self._lock:
            self._closed = True
            self.runner.close()

    def _drive(
        self, limit: int, *, breakpoints: bool, on_steps: StepsCallback | None,
        fork: ForkSpec | None = None,
    ) -> StopReason:
        with self._lock:
            if self._closed:
                return StopReason(StopKind.PAUSED)
            try:
                if fork is not None:
                    self.runner.fork(fork.from_step, fork.seed, fork.params)
                    self.forks += 1
                return drive(self.runner, limit=limit, breakpoints=breakpoints,
                             pause=self._pause, on_steps=on_steps)
            except Exception as err:
                return StopReason(StopKind.CRASHED, detail=f"{type(err).__name__}: {err}")
            finally:
                self._pause.clear()
