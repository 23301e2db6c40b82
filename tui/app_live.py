"""Live mode: load the loop in a worker, drive it step by step, run to a breakpoint, fork."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from scaffold.loops.runner import LoopRunner
from scaffold.transcript.steps import StepView
from tui.breakpoints import breakpoint_reason, error_line, error_reason
from tui.load_stages import LoadStages
from tui.messages import LoadStage, LoopFailed, LoopReady, RunStopped, StepsArrived
from tui.screens.fork import ForkRequest, ForkScreen
from tui.sources import LiveStore, LoopFactory, ReplayStore

if TYPE_CHECKING:
    from tui.screens.main import MainScreen
    from tui.widgets.timeline import Timeline


@dataclass(frozen=True)
class LiveConfig:
    """How to build and record a live loop."""

    factory: LoopFactory
    out: Path
    run_limit: int = 20
    seed: int = 0
    temperature: float | None = None


class LiveRunMixin:
    """Loading, stepping, running and forking for `MesascopeApp` in live mode."""

    main: MainScreen
    store: ReplayStore | LiveStore | None
    live: LiveConfig | None
    runner: LoopRunner | None
    live_state: str
    load: LoadStages
    last_stop: str
    busy: bool
    follow: bool
    forks: int
    shown: bool
    snapshot: bool
    position: int
    timeline: Timeline
    n_steps: int
    _inbox: deque[StepView]
    _pause: threading.Event
    _runner_lock: threading.Lock
    post_message: Any
    notify: Any
    push_screen: Any
    go: Any
    _scan_worker: Any
    _update_status: Any

    @property
    def load_log(self) -> list[tuple[str, float]]:
        """(stage, seconds since loading began) for each report from the loader."""
        return self.load.log

    def _tick_loading(self) -> None:
        """Twice a second while loading: the stage and its seconds so far, the overall bar."""
        if self.live_state != "loading model":
            return
        elapsed = time.monotonic() - self.load.started
        stage = f": {self.load.current}" if self.load.current else ""
        label = f"loading model{stage}… {elapsed:.0f} s"
        if self.load.log:
            self.main.show_progress(label, self.load.fraction, 1.0)
        else:
            self.main.show_progress(label, None, None)
        self._update_status()

    def on_load_stage(self, message: LoadStage) -> None:
        """A named stage from the loader (locating, hashing, cached safetensors, tokenizer…)."""
        self.load.enter(message.stage, message.fraction, time.monotonic())
        self._tick_loading()

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self) -> None:
        assert self.live is not None
        t0 = time.perf_counter()

        def stage(name: str, fraction: float) -> None:
            self.post_message(LoadStage(name, fraction))

        try:
            loop = self.live.factory(stage)
        except Exception as err:
            self.post_message(LoopFailed(f"{type(err).__name__}: {err}"))
            return
        self.post_message(LoopReady(loop, time.perf_counter() - t0))

    def on_loop_ready(self, message: LoopReady) -> None:
        assert self.live is not None
        try:
            self.runner = LoopRunner(message.loop, self.live.out)
        except OSError as err:
            self.on_loop_failed(LoopFailed(f"cannot write {self.live.out}: {err.strerror}"))
            return
        self.store = LiveStore(message.loop.header, self.live.out.name)
        self.main.show_header(message.loop.header, self.live.out.name)
        self.main.show_progress(None)
        self.live_state = "paused"
        if not self.snapshot:
            stages = self.load.summary(time.monotonic())
            self.notify(f"loop ready in {message.seconds:.1f} s"
                        + (f" ({stages})" if stages else "")
                        + f"; recording to {self.live.out}", markup=False)
        self._start_drive(1, stop_on_break=False)

    def on_loop_failed(self, message: LoopFailed) -> None:
        self.live_state = "error"
        self.main.show_progress(None)
        self.main.show_empty(f"the loop could not start: {message.error}")
        self.notify(message.error, title="loop", severity="error", markup=False)
        self._update_status()

    def _start_drive(
        self, limit: int, stop_on_break: bool, fork: ForkRequest | None = None
    ) -> None:
        if self.runner is None:
            self.notify("the loop is still loading", markup=False)
            return
        if self.busy:
            self.notify("a step is running; space pauses", markup=False)
            return
        self.busy = True
        self.follow = True
        self._pause.clear()
        self.live_state = "running"
        self._update_status()
        self._drive_worker(limit, stop_on_break, fork)

    @work(thread=True, group="loop")
    def _drive_worker(self, limit: int, stop_on_break: bool, fork: ForkRequest | None) -> None:
        runner = self.runner
        assert runner is not None
        reason = f"{limit} step{'s' if limit != 1 else ''} done"
        with self._runner_lock:
            try:
                if fork is not None:
                    params = {} if fork.temperature is None else {"temperature": fork.temperature}
                    runner.fork(fork.from_step, fork.seed, params)
                for i in range(limit):
                    if i and self._pause.is_set():
                        reason = "paused"
                        break
                    events = runner.step()
                    if events is None:
                        reason = "finished: the branch has ended (f forks a new one)"
                        break
                    views = [runner.views[s] for s in dict.fromkeys(ev.step for ev in events)]
                    self._inbox.extend(views)
                    self.post_message(StepsArrived())
                    why = (breakpoint_reason(views, runner.views) if stop_on_break
                           else error_reason(views))
                    if why:
                        reason = why
                        break
            except Exception as err:
                reason = f"error: {type(err).__name__}: {err}"
        self.post_message(RunStopped(reason))

    def on_steps_arrived(self, _: StepsArrived) -> None:
        store = self.store
        if not isinstance(store, LiveStore):
            return
        views = []
        while self._inbox:
            views.append(self._inbox.popleft())
        if not views:
            return
        for view in views:  # a failed backend call is data in the step, and said at once
            for err in view.errors:
                self.notify(error_line(err), severity="error", markup=False)
        follow = self.follow or not self.shown or self.position >= self.n_steps - 1
        store.add(views)
        self.timeline.set_tree(store.tree)
        if follow:
            self.go(self.n_steps - 1, force=True)
        else:
            self._update_status()
        self._scan_worker()

    def on_run_stopped(self, message: RunStopped) -> None:
        self.on_steps_arrived(StepsArrived())
        self.busy = False
        finished = message.reason.startswith("finished")
        self.live_state = "finished" if finished else "paused"
        if message.reason.startswith("error"):
            self.live_state = "error"
            self.notify(message.reason, severity="error", markup=False)
        self.last_stop = message.reason
        self._update_status()

    def action_live_step(self) -> None:
        self._start_drive(1, stop_on_break=False)

    def action_live_run(self) -> None:
        assert self.live is not None
        self._start_drive(self.live.run_limit, stop_on_break=True)

    def action_live_fork(self) -> None:
        if self.runner is None or not self.n_steps:
            self.notify("nothing to fork yet", markup=False)
            return
        if self.busy:
            self.notify("pause the run first (space)", markup=False)
            return
        assert self.store is not None and self.live is not None
        view = self.store.view_at(self.position)
        seed = self.live.seed + 1 + self.forks
        self.push_screen(
            ForkScreen(view.step, self.position, seed, self.live.temperature), self._on_fork
        )

    def _on_fork(self, request: ForkRequest | None) -> None:
        if request is None:
            return
        self.forks += 1
        self._start_drive(1, stop_on_break=False, fork=request)
