"""The scoring scan, in both modes: a worker feeds every step not seen yet to the scorer and
posts the search card as it grows."""

from __future__ import annotations

import gc
import time

from textual import work
from textual.worker import get_current_worker

from tui.app_base import AppBase
from tui.messages import CardUpdated

CARD_POST_SECONDS = 1.0
FREEZE_EVERY = 1024


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
        self.main.show_card(message.rows, note)
        self.timeline.finals = self.scan.finals
        self.timeline.labels = self.scan.labels
        self.timeline.refresh()
        if self.shown and self.store is not None:
            view = self.store.view_at(self.position)
            if self.scan.posteriors and view.state is not None and view.state.attrs:
                self.render_step()
