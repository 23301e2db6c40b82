"""Replay: index the transcript in a worker, then scan every step into the search card."""

from __future__ import annotations

import gc
import threading
import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from scaffold.errors import InputError
from scaffold.transcript.reader import IndexCancelled
from tui.messages import CardUpdated, IndexDone, IndexProgress
from tui.scan import StepScan
from tui.sources import LiveStore, ReplayStore

if TYPE_CHECKING:
    from tui.screens.main import MainScreen
    from tui.widgets.timeline import Timeline

CARD_POST_SECONDS = 1.0
FREEZE_EVERY = 1024


class ReplayScanMixin:
    """Index and scan workers of `MesascopeApp`, and the messages they post."""

    main: MainScreen
    store: ReplayStore | LiveStore | None
    scan: StepScan
    _scan_lock: threading.Lock
    index_fraction: float | None
    card_complete: bool
    search_note: str
    shown: bool
    position: int
    mode: str
    timeline: Timeline
    n_steps: int
    post_message: Any
    notify: Any
    go: Any
    _render_step: Any
    _update_status: Any

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
                if self.scan.scanned % FREEZE_EVERY == 0:
                    gc.freeze()  # what the scan keeps is long-lived: see on_card_updated
                if time.monotonic() - last > CARD_POST_SECONDS:
                    rows = self.scan.card_rows()
                    self.post_message(CardUpdated(rows, self.scan.scanned, total, False))
                    last = time.monotonic()
            total = len(store)
            complete = self.mode == "replay" and self.scan.scanned >= total
            rows = self.scan.card_rows(final=complete)
            self.post_message(CardUpdated(rows, self.scan.scanned, total, complete))

    def on_card_updated(self, message: CardUpdated) -> None:
        self.card_complete = message.complete
        if message.complete:
            # The scan leaves ~10 long-lived objects per step (views, scorer records). Moving
            # them out of the collector's reach keeps a later full collection from pausing a
            # keypress for most of a second on a 10,000-step file (benchmarks/tui_keypress.py).
            gc.freeze()
        if message.complete:
            note = f"all {message.total} steps scored"
        else:
            note = f"provisional: {message.scanned}/{message.total} steps scored so far"
        self.main.show_card(message.rows, note)
        self.timeline.finals = self.scan.finals
        self.timeline.refresh()
        if self.shown:
            view = self.store.view_at(self.position)  # type: ignore[union-attr]
            if self.scan.posteriors and view.state is not None and view.state.attrs:
                self._render_step()
