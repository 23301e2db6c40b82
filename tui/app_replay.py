"""Replay: index the transcript in a worker, show steps as the index grows, play them back."""

from __future__ import annotations

from textual import work
from textual.timer import Timer
from textual.worker import get_current_worker

from scaffold.errors import InputError
from scaffold.transcript.reader import IndexCancelled
from tui.app_base import SPEEDS
from tui.app_scan import ScanFeature
from tui.messages import IndexDone, IndexProgress
from tui.sources import ReplayStore


class ReplayFeature(ScanFeature):
    play_timer: Timer | None = None

    @work(thread=True, exclusive=True, group="index")
    def index_transcript(self) -> None:
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
        if not self.shown and self.n_steps and self.store is not None:
            self.timeline.set_tree(self.store.tree)
            self.go(0, force=True)
        self.update_status()

    def on_index_done(self, message: IndexDone) -> None:
        self.index_fraction = None
        self.main.show_progress(None)
        assert isinstance(self.store, ReplayStore)
        self.scan.truncated = self.store.reader.truncated
        self.timeline.set_tree(self.store.tree)
        if message.error:
            self.notify(message.error, title="transcript", severity="error", markup=False)
            self.search_note = "index failed: showing the first step only"
        if self.n_steps:
            self.go(self.position, force=True)
        elif message.error:
            self.main.show_empty(f"no step could be read: {message.error}")
        else:
            self.main.show_empty("this transcript has a header but no steps yet")
        self.update_status()
        if not message.error:
            self.scan_new_steps()

    # ----- playback --------------------------------------------------------------------------

    def toggle_playback(self) -> None:
        self.playing = not self.playing
        self._restart_timer()
        self.update_status()

    def change_speed(self, delta: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + delta))
        self._restart_timer()
        self.update_status()

    def _restart_timer(self) -> None:
        if self.play_timer is not None:
            self.play_timer.stop()
            self.play_timer = None
        if self.playing:
            self.play_timer = self.set_interval(1 / SPEEDS[self.speed_index], self._play_tick)

    def _play_tick(self) -> None:
        if self.position >= self.n_steps - 1 and self.index_fraction is None:
            self.playing = False
            self._restart_timer()
            self.update_status()
            return
        self.go(self.position + 1)
