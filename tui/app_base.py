"""The App's state and how it shows a step; the feature classes build on it.

Every attribute the features share is declared here once, typed. The features (scan, replay,
live, search) each subclass `AppBase`, and `MesascopeApp` combines them with the key map.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rich.text import Text
from textual.app import App

from scaffold.implicit.extract import answer_of
from scaffold.implicit.model import DERIVED_LOOP
from scaffold.implicit.view import task_of, warm_decisions
from scaffold.run.session import DEFAULT_RUN_LIMIT, LiveSession
from scaffold.scoring.card_rows import CardRow
from scaffold.transcript.steps import StepView
from tui.gc_between_frames import collect_between_frames
from tui.load_stages import LoadStages
from tui.messages import DerivedCardDone
from tui.scan import StepScan
from tui.screens.main import MainScreen
from tui.sources import LiveStore, LoopFactory, ReplayStore
from tui.widgets.posterior import read_posterior
from tui.widgets.state_view import Commitment
from tui.widgets.timeline import Timeline

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
MAX_CURVE = 2000


class LiveState(StrEnum):
    LOADING = "loading model"
    PAUSED = "paused"
    RUNNING = "running"
    PAUSING = "pausing"
    FINISHED = "finished"
    ERROR = "error"


@dataclass(frozen=True)
class LiveSetup:
    """How to build and record a live loop: the factory runs in a worker."""

    factory: LoopFactory
    out: Path
    run_limit: int = DEFAULT_RUN_LIMIT
    seed: int = 0
    temperature: float | None = None


class AppBase(App[None]):
    """State, navigation and rendering of one step, shared by replay and live mode."""

    def __init__(
        self, *, store: ReplayStore | None = None, live: LiveSetup | None = None,
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
        self.follow = False
        self.warm_ahead = True
        """In the derived view, find the next step's options once a frame is out (off only
        to measure a press that has to find them itself)."""
        self.name_shown = store.name if store is not None else (live.out.name if live else "")
        # replay playback and indexing
        self.speed_index = 2
        self.playing = False
        self.index_fraction: float | None = None
        # the scoring scan, in both modes
        self.scan = self.new_scan()
        self.scan_lock = threading.Lock()
        self.card_complete = False
        self.followed_steps = 0
        """Steps that arrived while following the file after it was opened (replay)."""
        self.recorded_card: tuple[list[CardRow], str] | None = None
        """The scan's latest card and its note: what the card shows outside the derived view."""
        self.derived_card: DerivedCardDone | None = None
        """The card of the decisions found in the texts (key d), once scored."""
        self.derived_card_busy = False
        # live mode
        self.session: LiveSession | None = None
        self.live_state = LiveState.LOADING
        self.busy = False
        self.load = LoadStages(time.monotonic())
        self.last_stop = ""
        # search
        self.query_text = ""
        self.search_note = ""

    @property
    def n_steps(self) -> int:
        return len(self.store) if self.store is not None else 0

    @property
    def timeline(self) -> Timeline:
        return self.main.query_one(Timeline)

    def go(self, position: int, *, force: bool = False) -> None:
        """Show the step at `position` (clamped to the steps known so far)."""
        n = self.n_steps
        if n == 0:
            return
        position = max(0, min(position, n - 1))
        if position == self.position and self.shown and not force:
            return
        step = 1 if position >= self.position else -1
        self.position = position
        self.render_step()
        self.call_after_refresh(collect_between_frames)
        if self.warm_ahead and self.main.derived_shown:
            # Once this frame is out, find the options in the next step's text (the way the
            # user is moving), so the next press only paints them.
            self.call_after_refresh(self._warm_derived, position + step)

    def _warm_derived(self, position: int) -> None:
        store = self.store
        if store is None or not 0 <= position < self.n_steps:
            return
        state = store.view_at(position).state
        if state is not None and state.text:
            warm_decisions(state.text, task_of(store.header), answer_of(state))

    def render_step(self) -> None:
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
        self.update_status()

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

    def new_scan(self) -> StepScan:
        """A fresh scoring scan; a derived transcript's verdict rests on the text's own
        judgements only, as `mesascope score` scores it."""
        header = self.store.header if isinstance(self.store, ReplayStore) else None
        return StepScan(self.name_shown,
                        internal_only=header is not None and header.loop == DERIVED_LOOP)

    def update_status(self) -> None:
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
            if self.followed_steps:
                text.append(f"  following: +{self.followed_steps} since opened", style="green")
        else:
            text.append(f"live: {self.live_state}", style="bold magenta")
            stage = self.load.status(time.monotonic(), timings=not self.snapshot)
            if self.live_state == LiveState.LOADING and stage:
                text.append(f" ({stage})", style="magenta")
            if self.last_stop and self.live_state != LiveState.RUNNING:
                text.append(f"  stopped: {self.last_stop}", style="dim")
        if self.search_note:
            text.append(f"  {self.search_note}", style="dim")
        self.main.show_status(text)
