"""The mesascope App: one screen over a step store, in replay mode or live mode.

`create_app` is the one factory the CLI, the tests and the benchmark call. The App never
blocks: indexing, scoring, searching, loading a model and running steps are thread workers
that post messages (see `tui.messages`); high-rate messages merge in the queue. The workers
and their message handlers live in mixins: `tui.app_replay` (index and scan), `tui.app_live`
(load, step, run, fork) and `tui.app_search`; this module keeps the state, navigation,
playback and the key map.
"""

from __future__ import annotations

import bisect
import os
import threading
import time
from collections import deque
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType

from scaffold.loops.runner import LoopRunner
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.steps import StepView
from tui.app_live import LiveConfig, LiveRunMixin
from tui.app_replay import ReplayScanMixin
from tui.app_search import SearchMixin
from tui.hangup import CHECK_INTERVAL_S, HANGUP_EXIT_CODE, terminal_gone, watches_terminal
from tui.load_stages import LoadStages
from tui.palette import ActionCommands
from tui.scan import StepScan
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.sources import LiveStore, LoopFactory, ReplayStore
from tui.widgets.candidates import CandidateTable
from tui.widgets.posterior import read_posterior
from tui.widgets.state_view import Commitment
from tui.widgets.timeline import Timeline

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
MAX_CURVE = 2000
LIVE_ACTIONS = {"live_step", "live_run", "live_fork"}


class MesascopeApp(ReplayScanMixin, LiveRunMixin, SearchMixin, App[None]):
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
        Binding("n", "live_step", "Step", id="live.step", tooltip="Run one step of the loop"),
        Binding("r", "live_run", "Run", id="live.run",
                tooltip="Run until an error, a final state, the objective falling by more "
                        "than 0.01, or --run-limit steps"),
        Binding("f", "live_fork", "Fork", id="live.fork",
                tooltip="Fork from the viewed step with a new seed or temperature"),
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
        self.load = LoadStages(time.monotonic())
        self.query_text = ""
        self.search_note = ""
        self.last_stop = ""

    # ----- setup ---------------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        if not self.is_headless and watches_terminal():
            self.set_interval(CHECK_INTERVAL_S, self._exit_if_terminal_gone)
        self.call_after_refresh(self._start)

    def _exit_if_terminal_gone(self) -> None:
        """The terminal was hung up: close the transcript and end the process at once.

        Not `self.exit()`: Textual's shutdown writes to the dead terminal, its writer thread has
        died on EIO, and the write queue blocks forever. There is no screen left to restore.
        """
        if terminal_gone():
            self._close_sources()
            os._exit(HANGUP_EXIT_CODE)

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
        self._close_sources()

    def _close_sources(self) -> None:
        """Stop the live loop after its step in flight, close the transcript or the reader."""
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
            stage = self.load.status(time.monotonic(), timings=not self.snapshot)
            if self.live_state == "loading model" and stage:
                text.append(f" ({stage})", style="magenta")
            if self.last_stop and self.live_state != "running":
                text.append(f"  stopped: {self.last_stop}", style="dim")
        if self.search_note:
            text.append(f"  {self.search_note}", style="dim")
        self.main.show_status(text)

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

    def on_candidate_table_highlighted(self, _: CandidateTable.Highlighted) -> None:
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
