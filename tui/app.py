"""The mesascope App: one screen over a step store, in replay mode or live mode.

`create_app` is the one factory the CLI, the tests and the benchmark call. The App never
blocks: indexing, scoring, searching, loading a model and running steps are thread workers
that post messages (see `tui.messages`); high-rate messages merge in the queue.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input
from textual.worker import get_current_worker

from scaffold.errors import InputError
from scaffold.loops.runner import LoopRunner
from scaffold.transcript.reader import IndexCancelled, TranscriptReader
from scaffold.transcript.steps import StepView
from tui.breakpoints import breakpoint_reason
from tui.messages import (
    CardUpdated,
    IndexDone,
    IndexProgress,
    LoopFailed,
    LoopReady,
    RunStopped,
    SearchDone,
    StepsArrived,
)
from tui.palette import ActionCommands
from tui.scan import StepScan
from tui.screens.fork import ForkRequest, ForkScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.sources import LiveStore, LoopFactory, ReplayStore
from tui.step_search import step_matches
from tui.widgets.candidates import CandidateTable
from tui.widgets.posterior import read_posterior
from tui.widgets.state_view import Commitment
from tui.widgets.timeline import Timeline

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
CARD_POST_SECONDS = 1.0
MAX_CURVE = 2000
LIVE_ACTIONS = {"live_step", "live_run", "live_fork"}


@dataclass(frozen=True)
class LiveConfig:
    """How to build and record a live loop."""

    factory: LoopFactory
    out: Path
    run_limit: int = 20
    seed: int = 0
    temperature: float | None = None


class MesascopeApp(App[None]):
    """Timeline, state, candidates and search card over a transcript or a running loop."""

    CSS_PATH = "app.tcss"
    TITLE = "mesascope"
    COMMANDS = App.COMMANDS | {ActionCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l,right", "next_step", "Next", id="step.next"),
        Binding("h,left", "prev_step", "Prev", id="step.prev"),
        Binding("g,home", "first_step", "First step", id="step.first", show=False),
        Binding("G,end", "last_step", "Last step", id="step.last", show=False),
        Binding("j,down", "next_candidate", "Next candidate", id="candidate.next", show=False),
        Binding("k,up", "prev_candidate", "Previous candidate", id="candidate.prev", show=False),
        Binding("space", "play_pause", "Play/pause", id="play.toggle"),
        Binding("plus,equals_sign", "faster", "Faster", id="play.faster", show=False),
        Binding("minus", "slower", "Slower", id="play.slower", show=False),
        Binding("left_square_bracket", "prev_branch", "Previous branch point",
                id="branch.prev", show=False),
        Binding("right_square_bracket", "next_branch", "Next branch point",
                id="branch.next", show=False),
        Binding("slash", "search", "Search", id="search.open"),
        Binding("full_stop", "search_next", "Next match", id="search.next", show=False),
        Binding("comma", "search_prev", "Previous match", id="search.prev", show=False),
        Binding("escape", "close_search", "Close search", id="search.close", show=False),
        Binding("n", "live_step", "Step", id="live.step"),
        Binding("r", "live_run", "Run", id="live.run"),
        Binding("f", "live_fork", "Fork", id="live.fork"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        *,
        store: ReplayStore | None = None,
        live: LiveConfig | None = None,
        snapshot: bool = False,
    ) -> None:
        super().__init__()
        if (store is None) == (live is None):
            raise ValueError("give exactly one of store (replay) or live")
        self.mode = "replay" if store is not None else "live"
        self.store: ReplayStore | LiveStore | None = store
        self.live = live
        self.snapshot = snapshot
        self.main = MainScreen()
        self.position = 0
        self.shown = False
        self.speed_index = 2
        self.playing = False
        self._play_timer = None
        self.index_fraction: float | None = None
        self.name_shown = store.name if store is not None else (live.out.name if live else "")
        self.scan = StepScan(self.name_shown)
        self._scan_lock = threading.Lock()
        self.card_complete = False
        self.live_state = "loading model"
        self.runner: LoopRunner | None = None
        self.busy = False
        self.follow = False
        self.forks = 0
        self._inbox: deque[StepView] = deque()
        self._pause = threading.Event()
        self._runner_lock = threading.Lock()
        self._load_started = time.monotonic()
        self.query_text = ""
        self.search_note = ""
        self.last_stop = ""

    # ----- setup ---------------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        """Runs once the main screen is composed."""
        if self.mode == "replay":
            assert isinstance(self.store, ReplayStore)
            self.main.show_header(self.store.header, self.store.name)
            self.index_fraction = 0.0
            self.main.show_progress("indexing", 0, 1)
            self._index_worker()
        else:
            self.main.show_header(None, self.name_shown)
            self.main.show_empty("loading the model… (help, ? and q work meanwhile)")
            self.main.show_progress("loading model", None, None)
            if not self.snapshot:
                self.set_interval(0.5, self._tick_loading)
            self._load_worker()
        self._update_status()

    def on_unmount(self) -> None:
        self._pause.set()
        if self.runner is not None:
            with self._runner_lock:
                self.runner.close()
        if isinstance(self.store, ReplayStore):
            self.store.close()

    @property
    def n_steps(self) -> int:
        return len(self.store) if self.store is not None else 0

    @property
    def timeline(self) -> Timeline:
        return self.main.query_one(Timeline)

    # ----- showing a step --------------------------------------------------------------------

    def go(self, position: int, *, force: bool = False) -> None:
        """Show the step at `position` (clamped to the steps known so far)."""
        n = self.n_steps
        if n == 0:
            return
        position = max(0, min(position, n - 1))
        if position == self.position and self.shown and not force:
            return
        self.position = position
        self._render_step()

    def _render_step(self) -> None:
        store = self.store
        assert store is not None
        view = store.view_at(self.position)
        parent: StepView | None = None
        if view.parent is not None:
            try:
                parent = store.view_by_id(view.parent)
            except KeyError:
                parent = None
        self.main.show_step(view, parent, self._commitment(view))
        self.timeline.show(self.position)
        self.shown = True
        self._update_status()

    def _commitment(self, view: StepView) -> Commitment | None:
        """The posterior of the target (or current top) class along the path to this step."""
        if view.state is None:
            return None
        own = read_posterior(dict(view.state.attrs))
        if own is None:
            return None
        target_attr = view.state.attrs.get("target_class")
        target = target_attr if isinstance(target_attr, int) and not isinstance(
            target_attr, bool) else max(range(len(own)), key=lambda i: own[i])
        assert self.store is not None
        parents = self.store.tree.parent
        chain: list[tuple[object, list[float]]] = [(view.state.attrs.get("t", "?"), own)]
        cur = parents.get(view.step)
        while cur is not None and len(chain) < MAX_CURVE:
            entry = self.scan.posteriors.get(cur)
            if entry is not None:
                chain.append(entry)
            cur = parents.get(cur)
        chain.reverse()
        values = [p[target] for _, p in chain if 0 <= target < len(p)]
        return Commitment(target, values, chain[0][0], chain[-1][0])

    def _update_status(self) -> None:
        n = self.n_steps
        text = Text()
        text.append(f"step {self.position + 1 if n else 0}/{n}", style="bold")
        if n and self.position < len(self.timeline.branches):
            text.append(f"  branch b{self.timeline.branch_at(self.position)}")
        text.append("  ")
        if self.mode == "replay":
            speed = f"{SPEEDS[self.speed_index]:g} steps/s"
            text.append("replay ", style="bold cyan")
            text.append(f"▶ playing {speed}" if self.playing else f"⏸ paused ({speed})")
            if self.index_fraction is not None:
                text.append(f"  indexing {self.index_fraction:.0%}", style="yellow")
        else:
            text.append(f"live: {self.live_state}", style="bold magenta")
            if self.last_stop and self.live_state != "running":
                text.append(f"  stopped: {self.last_stop}", style="dim")
        if self.search_note:
            text.append(f"  {self.search_note}", style="dim")
        self.main.show_status(text)

    def _tick_loading(self) -> None:
        if self.live_state == "loading model":
            elapsed = time.monotonic() - self._load_started
            self.main.show_progress(f"loading model… {elapsed:.0f} s", None, None)

    # ----- replay: indexing and scanning -----------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def _index_worker(self) -> None:
        store = self.store
        assert isinstance(store, ReplayStore)
        worker = get_current_worker()
        try:
            store.load_preview()
            self.post_message(IndexProgress(0, 1))

            def progress(done: int, total: int) -> bool:
                self.post_message(IndexProgress(done, total))
                return worker.is_cancelled

            store.index(progress)
        except IndexCancelled:
            return
        except InputError as err:
            self.post_message(IndexDone(str(err)))
            return
        self.post_message(IndexDone(None))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.index_fraction = message.done / max(1, message.total)
        self.main.show_progress("indexing", message.done, message.total)
        if not self.shown and self.n_steps:
            self.timeline.set_tree(self.store.tree)  # type: ignore[union-attr]
            self.go(0, force=True)
        self._update_status()

    def on_index_done(self, message: IndexDone) -> None:
        self.index_fraction = None
        self.main.show_progress(None)
        assert self.store is not None
        self.timeline.set_tree(self.store.tree)
        if message.error:
            self.notify(message.error, title="transcript", severity="error", markup=False)
            self.search_note = "index failed: showing the first step only"
        if self.n_steps:
            self.go(self.position, force=True)
        else:
            self.main.show_empty("this transcript has a header but no steps yet")
        self._update_status()
        if not message.error:
            self._scan_worker()

    @work(thread=True, exclusive=True, group="scan")
    def _scan_worker(self) -> None:
        """Feed every step not seen yet to the scorer and tallies; post the card as it grows."""
        store = self.store
        assert store is not None
        worker = get_current_worker()
        with self._scan_lock:
            last = time.monotonic()
            while not worker.is_cancelled:
                total = len(store)
                if self.scan.scanned >= total:
                    break
                self.scan.add(store.view_at(self.scan.scanned, cache=False))
                if self.scan.scanned % 64 == 0:
                    time.sleep(0.001)  # let the UI thread take the GIL between batches
                if time.monotonic() - last > CARD_POST_SECONDS:
                    lines = self.scan.card_lines()
                    self.post_message(CardUpdated(lines, self.scan.scanned, total, False))
                    last = time.monotonic()
            total = len(store)
            complete = self.mode == "replay" and self.scan.scanned >= total
            lines = self.scan.card_lines(final=complete)
            self.post_message(CardUpdated(lines, self.scan.scanned, total, complete))

    def on_card_updated(self, message: CardUpdated) -> None:
        self.card_complete = message.complete
        if message.complete:
            note = f"all {message.total} steps scored"
        else:
            note = f"provisional: {message.scanned}/{message.total} steps scored so far"
        self.main.show_card(message.lines, note)
        self.timeline.finals = self.scan.finals
        self.timeline.refresh()
        if self.shown:
            view = self.store.view_at(self.position)  # type: ignore[union-attr]
            if self.scan.posteriors and view.state is not None and view.state.attrs:
                self._render_step()

    # ----- live: loading, stepping, running, forking -----------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self) -> None:
        assert self.live is not None
        t0 = time.perf_counter()
        try:
            loop = self.live.factory()
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
            self.notify(f"loop ready in {message.seconds:.1f} s; recording to {self.live.out}",
                        markup=False)
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
                    why = breakpoint_reason(views, runner.views) if stop_on_break else None
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

    # ----- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LIVE_ACTIONS and self.mode != "live":
            return False
        return not (action in ("faster", "slower") and self.mode != "replay")

    def action_next_step(self) -> None:
        self.follow = False
        self.go(self.position + 1)

    def action_prev_step(self) -> None:
        self.follow = False
        self.go(self.position - 1)

    def action_first_step(self) -> None:
        self.follow = False
        self.go(0)

    def action_last_step(self) -> None:
        self.follow = False
        self.go(self.n_steps - 1)

    def _move_candidate(self, delta: int) -> None:
        table = self.main.query_one(CandidateTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + delta, table.row_count - 1)))
            self.main.show_candidate()

    def action_next_candidate(self) -> None:
        self._move_candidate(1)

    def action_prev_candidate(self) -> None:
        self._move_candidate(-1)

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.main.show_candidate()

    def action_play_pause(self) -> None:
        if self.mode == "live":
            if self.busy:
                self._pause.set()
                self.live_state = "pausing"
                self._update_status()
            else:
                self.action_live_run()
            return
        self.playing = not self.playing
        self._restart_timer()
        self._update_status()

    def _restart_timer(self) -> None:
        if self._play_timer is not None:
            self._play_timer.stop()
            self._play_timer = None
        if self.playing:
            self._play_timer = self.set_interval(1 / SPEEDS[self.speed_index], self._play_tick)

    def _play_tick(self) -> None:
        if self.position >= self.n_steps - 1 and self.index_fraction is None:
            self.playing = False
            self._restart_timer()
            self._update_status()
            return
        self.go(self.position + 1)

    def action_faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)
        self._restart_timer()
        self._update_status()

    def action_slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)
        self._restart_timer()
        self._update_status()

    def action_prev_branch(self) -> None:
        points = self.timeline.branches.branch_points
        k = bisect.bisect_left(points, self.position)
        if k > 0:
            self.go(points[k - 1])
        else:
            self.notify("no earlier branch point", markup=False)

    def action_next_branch(self) -> None:
        points = self.timeline.branches.branch_points
        k = bisect.bisect_right(points, self.position)
        if k < len(points):
            self.go(points[k])
        else:
            self.notify("no later branch point", markup=False)

    def action_search(self) -> None:
        box = self.main.query_one("#search", Input)
        box.display = True
        box.value = self.query_text
        box.focus()

    def action_close_search(self) -> None:
        box = self.main.query_one("#search", Input)
        if box.display:
            box.display = False
            self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        event.stop()
        self.action_close_search()
        self.query_text = event.value.strip()
        if self.query_text:
            self._search(+1)

    def action_search_next(self) -> None:
        if self.query_text:
            self._search(+1)
        else:
            self.action_search()

    def action_search_prev(self) -> None:
        if self.query_text:
            self._search(-1)
        else:
            self.action_search()

    def _search(self, direction: int) -> None:
        if not self.n_steps:
            return
        self.search_note = "searching…"
        self._update_status()
        self._search_worker(self.query_text, self.position, direction)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str, start: int, direction: int) -> None:
        store = self.store
        assert store is not None
        worker = get_current_worker()
        needle = query.casefold()
        n = len(store)
        for k in range(1, n + 1):
            if worker.is_cancelled:
                return
            position = (start + direction * k) % n
            if step_matches(store.view_at(position, cache=False), needle):
                self.post_message(SearchDone(query, position, k))
                return
        self.post_message(SearchDone(query, None, n))

    def on_search_done(self, message: SearchDone) -> None:
        shown = message.query if len(message.query) <= 30 else message.query[:29] + "…"
        if message.position is None:
            self.search_note = f"no match for {shown!r}"
        else:
            self.search_note = f"match for {shown!r} (. next, , previous)"
            self.go(message.position, force=True)
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

    def action_help(self) -> None:
        bindings = [b for b in self.BINDINGS if isinstance(b, Binding) and b.description]
        self.push_screen(HelpScreen(bindings, self.mode == "live"))


def create_app(
    path: str | Path | None = None,
    *,
    reader: TranscriptReader | None = None,
    loop_factory: LoopFactory | None = None,
    out: str | Path | None = None,
    run_limit: int = 20,
    seed: int = 0,
    temperature: float | None = None,
    snapshot: bool = False,
) -> MesascopeApp:
    """Replay (`path` or an opened `reader`) or live (`loop_factory` and `out`).

    Opening `path` validates the header, so a bad file raises `InputError` before any UI.
    `snapshot=True` keeps timings off the screen, for deterministic SVG snapshots.
    """
    if loop_factory is not None:
        if out is None:
            raise ValueError("live mode needs `out`, the transcript to record")
        live = LiveConfig(loop_factory, Path(out), run_limit, seed, temperature)
        return MesascopeApp(live=live, snapshot=snapshot)
    if reader is None:
        if path is None:
            raise ValueError("give a transcript path, a reader or a loop factory")
        reader = TranscriptReader(path)
    return MesascopeApp(store=ReplayStore(reader), snapshot=snapshot)
