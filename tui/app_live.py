"""Live mode: build the loop in a worker, then drive its `LiveSession` from thin workers that
post each recorded step and the typed stop."""

from __future__ import annotations

import time

from textual import work

from scaffold.errors import InputError
from scaffold.run.session import ForkSpec, LiveSession
from scaffold.run.stops import StopKind, StopReason, error_line
from scaffold.transcript.steps import StepView
from tui.app_base import LiveState
from tui.app_scan import ScanFeature
from tui.messages import (
    InterventionProgress,
    LoadStage,
    LoopFailed,
    LoopReady,
    RunStopped,
    StepsArrived,
)
from tui.safe_text import inert
from tui.screens.fork import ForkRequest, ForkScreen
from tui.screens.intervene import InterveneRequest, InterveneScreen
from tui.sources import LiveStore

FINISHED_HINT = " (f forks a new one)"


class LiveFeature(ScanFeature):
    @property
    def load_log(self) -> list[tuple[str, float]]:
        """(stage, seconds since loading began) for each report from the loader."""
        return self.load.log

    def tick_loading(self) -> None:
        """Twice a second while loading: the stage and its seconds so far, the overall bar."""
        if self.live_state != LiveState.LOADING:
            return
        elapsed = time.monotonic() - self.load.started
        stage = f": {self.load.current}" if self.load.current else ""
        label = f"loading model{stage}… {elapsed:.0f} s"
        if self.load.log:
            self.main.show_progress(label, self.load.fraction, 1.0)
        else:
            self.main.show_progress(label, None, None)
        self.update_status()

    def on_load_stage(self, message: LoadStage) -> None:
        """A named stage from the loader (locating, hashing, cached safetensors, tokenizer…)."""
        self.load.enter(message.stage, message.fraction, time.monotonic())
        self.tick_loading()

    @work(thread=True, exclusive=True, group="load")
    def build_loop(self) -> None:
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
        live = self.live
        assert live is not None
        try:
            self.session = LiveSession(message.loop, live.out, seed=live.seed,
                                       run_limit=live.run_limit)
        except OSError as err:
            self.show_failure(f"cannot write {live.out}: {err.strerror}")
            return
        self.store = LiveStore(message.loop.header, live.out.name)
        self.main.show_header(message.loop.header, live.out.name)
        self.main.show_progress(None)
        self.live_state = LiveState.PAUSED
        if not self.snapshot:
            stages = self.load.summary(time.monotonic())
            self.notify(f"loop ready in {message.seconds:.1f} s"
                        + (f" ({stages})" if stages else "")
                        + f"; recording to {live.out}", markup=False)
        self.start_drive("step")

    def on_loop_failed(self, message: LoopFailed) -> None:
        self.show_failure(message.error)

    def show_failure(self, error: str) -> None:
        self.live_state = LiveState.ERROR
        self.main.show_progress(None)
        self.main.show_empty(f"the loop could not start: {error}")
        self.notify(error, title="loop", severity="error", markup=False)
        self.update_status()

    def start_drive(self, how: str, fork: ForkSpec | None = None) -> None:
        """`how`: "step" (one step), "run" (to a breakpoint) or "fork" (with `fork`)."""
        if self.session is None:
            self.notify("the loop is still loading", markup=False)
            return
        if self.busy:
            self.notify("a step is running; space pauses", markup=False)
            return
        self.busy = True
        self.follow = True
        self.live_state = LiveState.RUNNING
        self.update_status()
        self.drive_session(how, fork)

    @work(thread=True, group="loop")
    def drive_session(self, how: str, fork: ForkSpec | None) -> None:
        session = self.session
        assert session is not None

        def arrived(views: list[StepView]) -> None:
            self.post_message(StepsArrived(views))

        if how == "fork":
            assert fork is not None
            try:
                stop = session.fork(fork, arrived)
            except InputError as err:
                stop = StopReason(StopKind.PAUSED, detail=str(err))
                self.call_from_thread(self.notify, inert(str(err)), severity="error",
                                      markup=False)
        elif how == "run":
            stop = session.run(arrived)
        else:
            stop = session.step(arrived)
        self.post_message(RunStopped(stop))

    def pause_drive(self) -> None:
        if self.session is not None:
            self.session.pause()
        self.live_state = LiveState.PAUSING
        self.update_status()

    def on_steps_arrived(self, message: StepsArrived) -> None:
        store = self.store
        if not isinstance(store, LiveStore):
            return
        for view in message.views:  # a failed backend call is data in the step, and said at once
            for err in view.errors:
                self.notify(error_line(err), severity="error", markup=False)
        follow = self.follow or not self.shown or self.position >= self.n_steps - 1
        store.add(message.views)
        self.timeline.set_tree(store.tree)
        if follow:
            self.go(self.n_steps - 1, force=True)
        else:
            self.update_status()
        self.scan_new_steps()

    def on_run_stopped(self, message: RunStopped) -> None:
        stop: StopReason = message.reason
        self.busy = False
        text = stop.describe()
        if stop.kind is StopKind.FINISHED:
            self.live_state = LiveState.FINISHED
            text += FINISHED_HINT
        elif stop.kind is StopKind.CRASHED:
            self.live_state = LiveState.ERROR
            self.notify(text, severity="error", markup=False)
        else:
            self.live_state = LiveState.PAUSED
        self.last_stop = text
        self.update_status()

    def open_fork_dialog(self) -> None:
        if self.session is None or not self.n_steps:
            self.notify("nothing to fork yet", markup=False)
            return
        if self.busy:
            self.notify("pause the run first (space)", markup=False)
            return
        assert self.store is not None and self.live is not None
        view = self.store.view_at(self.position)
        seed = self.session.next_fork_seed()
        self.push_screen(
            ForkScreen(view.step, self.position, seed, self.live.temperature), self._on_fork
        )

    def _on_fork(self, request: ForkRequest | None) -> None:
        if request is None:
            return
        params = {} if request.temperature is None else {"temperature": request.temperature}
        self.start_drive("fork", ForkSpec(request.from_step, request.seed, params))

    def open_intervene_dialog(self) -> None:
        """`i`: paired intervention forks from the viewed step."""
        if self.session is None or not self.n_steps:
            self.notify("nothing to intervene on yet", markup=False)
            return
        if self.busy:
            self.notify("pause the run first (space)", markup=False)
            return
        assert self.store is not None
        view = self.store.view_at(self.position)
        self.push_screen(InterveneScreen(view.step, self.position), self._on_intervene)

    def _on_intervene(self, request: InterveneRequest | None) -> None:
        if request is None or self.session is None or self.busy:
            return
        self.busy = True
        self.follow = True
        self.live_state = LiveState.RUNNING
        self.update_status()
        self.drive_intervention(request)

    @work(thread=True, group="loop")
    def drive_intervention(self, request: InterveneRequest) -> None:
        session = self.session
        assert session is not None

        def arrived(views: list[StepView]) -> None:
            self.post_message(StepsArrived(views))

        def arm_done(done: int, total: int) -> None:
            self.post_message(InterventionProgress(request.kind, done, total))

        try:
            stop = session.intervene(request.kind, request.from_step, request.seeds, arrived,
                                     arm_done)
        except InputError as err:
            stop = StopReason(StopKind.PAUSED, detail=str(err))
            self.call_from_thread(self.notify, inert(str(err)), severity="error", markup=False)
        self.post_message(RunStopped(stop))

    def on_intervention_progress(self, message: InterventionProgress) -> None:
        label = inert(f"intervention {message.label}: run {message.done}/{message.total}")
        self.main.show_progress(label, float(message.done), float(message.total))
        if message.done >= message.total:
            self.main.show_progress(None)
