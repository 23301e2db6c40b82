"""The mesascope App: one screen over a step store, in replay mode or live mode.

`create_app` is the one factory the CLI, the tests and the benchmark call. The App never
blocks: indexing, scoring, searching, loading a model and running steps are thread workers
that post messages carrying their data (see `tui.messages`). The state and the rendering of
a step are in `tui.app_base`; each concept is a class on top of it: `app_scan` (the scoring
scan, both modes), `app_replay` (index, playback), `app_live` (load, step, run, fork through
the engine's `LiveSession`) and `app_search`. This module combines them with the key map.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from scaffold.run.session import DEFAULT_RUN_LIMIT
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.writer_close import wait_closed
from tui.app_base import LiveSetup
from tui.app_live import LiveFeature
from tui.app_replay import ReplayFeature
from tui.app_search import SearchFeature
from tui.gc_between_frames import give_back, take_over
from tui.hangup import CHECK_INTERVAL_S, HANGUP_EXIT_CODE, terminal_gone, watches_terminal
from tui.palette import ActionCommands
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.sources import LoopFactory, ReplayStore
from tui.widgets.candidate_table import no_derived_reason
from tui.widgets.candidates import CandidateTable
from tui.widgets.state_view import StateView

LIVE_ACTIONS = {"live_step", "live_run", "live_fork", "live_intervene"}


class MesascopeApp(ReplayFeature, LiveFeature, SearchFeature):
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
        # No description: the help screen's key list stays as it is; docs/loops.md has `i`.
        Binding("i", "live_intervene", "Intervene", id="live.intervene", show=False,
                tooltip="Intervene on the evaluator from the viewed step (shuffle, invert, ...)"),
        Binding("d", "toggle_derived", "Derived decisions", id="view.derived", show=False,
                tooltip="Show the decisions found inside the state's text (spans, candidates, "
                        "search card)"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    # ----- setup ---------------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        self._gc_before = take_over()
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
            with contextlib.suppress(OSError):  # nowhere left to report it
                wait_closed()  # the transcript's last fsync and close run on a thread
            os._exit(HANGUP_EXIT_CODE)

    def _start(self) -> None:
        """Runs once the main screen is composed."""
        if self.mode == "replay":
            assert isinstance(self.store, ReplayStore)
            self.main.show_header(self.store.header, self.store.name)
            self.index_fraction = 0.0
            self.main.show_progress("indexing", 0, 1)
            self.index_transcript()
        else:
            self.main.show_header(None, self.name_shown)
            self.main.show_empty("loading the model… (help, ? and q work meanwhile)")
            self.main.show_progress("loading model", None, None)
            if not self.snapshot:
                self.set_interval(0.5, self.tick_loading)
            self.build_loop()
        self.update_status()

    def on_unmount(self) -> None:
        give_back(self._gc_before)
        self._close_sources()

    def _close_sources(self) -> None:
        """Stop the live loop after its step in flight, close the transcript or the reader."""
        if self.session is not None:
            self.session.close()
        if isinstance(self.store, ReplayStore):
            self.store.close()

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

    def action_toggle_derived(self) -> None:
        """Recorded candidates, or the ones found inside the state's text with their spans."""
        for widget in (self.main.query_one(StateView), self.main.query_one(CandidateTable)):
            widget.derived = not widget.derived
        self.show_search_card()
        if self.shown:
            self.render_step()
            reason = (no_derived_reason(self.store.view_at(self.position))
                      if self.main.derived_shown and self.store is not None else None)
            if reason is not None:
                self.notify(f"derived decisions: none here, {reason}: they are found in a "
                            "text state (d again: the recorded candidates)", markup=False)

    def action_play_pause(self) -> None:
        if self.mode == "live":
            if self.busy:
                self.pause_drive()
            else:
                self.action_live_run()
            return
        self.toggle_playback()

    def action_faster(self) -> None:
        self.change_speed(+1)

    def action_slower(self) -> None:
        self.change_speed(-1)

    def action_live_step(self) -> None:
        self.start_drive("step")

    def action_live_run(self) -> None:
        self.start_drive("run")

    def action_live_fork(self) -> None:
        self.open_fork_dialog()

    def action_live_intervene(self) -> None:
        self.open_intervene_dialog()

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
    run_limit: int = DEFAULT_RUN_LIMIT,
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
        live = LiveSetup(loop_factory, Path(out), run_limit, seed, temperature)
        return MesascopeApp(live=live, snapshot=snapshot)
    if reader is None:
        if path is None:
            raise ValueError("give a transcript path, a reader or a loop factory")
        reader = TranscriptReader(path)
    return MesascopeApp(store=ReplayStore(reader), snapshot=snapshot)
