"""The scoring scan, in both modes: a worker feeds every step not seen yet to the scorer and
posts the search card as it grows."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from textual import work
from textual.worker import get_current_worker

from scaffold.scoring.card_rows import note_row
from tui.app_base import AppBase
from tui.messages import CardUpdated, DerivedCardDone
from tui.sources import ReplayStore

CARD_POST_SECONDS = 1.0
FREEZE_EVERY = 1024
DERIVED_NOTE = ("derived: the decisions found inside the texts, as `mesascope score "
                "--implicit` scores them (d: the recorded ones)")
DERIVED_LIVE_NOTE = ("derived view (d): this card scores the recorded decisions while the run "
                     "grows; `mesascope score --implicit` on the transcript scores the ones "
                     "found in the texts")


class ScanFeature(AppBase):
    @work(thread=True, exclusive=True, group="scan")
    def scan_new_steps(self) -> None:
        store = self.store
        assert store is not None
        worker = get_current_worker()
        with self.scan_lock:
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
            # keypress on a large file (benchmarks/tui_keypress.py).
            gc.freeze()
            note = f"all {message.total} steps scored"
        else:
            note = f"provisional: {message.scanned}/{message.total} steps scored so far"
        self.recorded_card = (message.rows, note)
        self.show_search_card()
        self.timeline.finals = self.scan.finals
        self.timeline.labels = self.scan.labels
        self.timeline.refresh()
        if self.shown and self.store is not None:
            view = self.store.view_at(self.position)
            if self.scan.posteriors and view.state is not None and view.state.attrs:
                self.render_step()

    # ----- the card of the derived decisions (key d) ------------------------------------------

    def show_search_card(self) -> None:
        """The recorded decisions' card, or in the derived view (key d) the card of the
        decisions found inside the texts, as `mesascope score --implicit` computes it."""
        panel = self.main.query_one("#card-panel")
        if not self.main.derived_shown:
            panel.border_title = "search card"
            if self.recorded_card is not None:
                self.main.show_card(*self.recorded_card)
            return
        panel.border_title = "search card · derived (d)"
        if self.mode != "replay" or not isinstance(self.store, ReplayStore):
            rows, note = self.recorded_card or ([], "")
            self.main.show_card(rows, (note + "\n" if note else "") + DERIVED_LIVE_NOTE)
            return
        done = self.derived_card
        if done is not None:
            stale = "" if done.steps == self.n_steps else \
                f" (of the first {done.steps} steps; rescoring)"
            self.main.show_card(done.rows, DERIVED_NOTE + stale)
            if not stale:
                return
        else:
            self.main.show_card([], "scoring the decisions found in the texts…")
        if not self.derived_card_busy:
            self.derived_card_busy = True
            self._score_derived(self.store.reader.path, self.n_steps)

    @work(thread=True, exclusive=True, group="derived-card")
    def _score_derived(self, path: Path, steps: int) -> None:
        try:
            from scaffold.implicit.score import score_implicit_file
            from scaffold.scoring import render_card

            report = score_implicit_file(path)
            report.path = f"{path.name} (implicit)"  # the name, as the recorded card shows it
            rows = render_card(report)
        except Exception as err:  # a scorer problem must not take the UI down
            rows = [note_row(f"derived decisions not scored: {type(err).__name__}: {err}")]
        self.post_message(DerivedCardDone(rows, steps))

    def on_derived_card_done(self, message: DerivedCardDone) -> None:
        self.derived_card_busy = False
        self.derived_card = message
        if self.main.derived_shown:
            self.show_search_card()
