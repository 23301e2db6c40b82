"""Replay: index the transcript in a worker, show steps as the index grows, play them back,
and follow the file like `tail -f` while another process is still writing it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from scaffold.errors import InputError
from scaffold.transcript.reader import Appended, FileChanged, IndexCancelled
from tui.app_base import SPEEDS
from tui.app_scan import ScanFeature
from tui.messages import IndexDone, IndexProgress
from tui.safe_text import inert
from tui.sources import ReplayStore

FOLLOW_INTERVAL_S = 0.5
"""How often a replay looks at the file's size for steps appended since it was indexed."""
RESCAN_RETRY_S = 0.05


@dataclass
class FollowRead(Message):
    """What one look at the file found: appended lines, nothing (None), or why following
    stops (`stopped`, plain text)."""

    appended: Appended | None
    stopped: str | None = None


class ReplayFeature(ScanFeature):
    play_timer: Timer | None = None
    follow_timer: Timer | None = None
    _follow_busy = False
    _rescan_pending = False

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
            self.follow_timer = self.set_interval(FOLLOW_INTERVAL_S, self._follow_tick)

    # ----- following a file that is still being written -------------------------------------

    def _follow_tick(self) -> None:
        if not self._follow_busy:
            self._follow_busy = True
            self._read_appended()

    @work(thread=True, exclusive=True, group="follow")
    def _read_appended(self) -> None:
        """Off the UI thread: stat the file and peek at lines appended since the last look."""
        store = self.store
        assert isinstance(store, ReplayStore)
        try:
            self.post_message(FollowRead(store.read_appended()))
        except FileChanged as err:
            self.post_message(FollowRead(None, str(err)))
        except Exception as err:  # an I/O error must not end the app: say so, stop following
            self.post_message(FollowRead(None, f"{type(err).__name__}: {err}"))

    def on_follow_read(self, message: FollowRead) -> None:
        self._follow_busy = False
        store = self.store
        assert isinstance(store, ReplayStore)
        appended = message.appended
        if appended is not None:
            self._take_appended(store, appended)
            if appended.error:
                self._stop_following(f"a line appended to it does not read: {appended.error}")
        if message.stopped:
            self._stop_following(message.stopped)

    def _take_appended(self, store: ReplayStore, appended: Appended) -> None:
        n_before, old_step = self.n_steps, None
        if self.shown and n_before:
            old_step = store.tree.order[self.position]
        touched = store.apply_appended(appended)
        self.followed_steps += max(0, self.n_steps - n_before)
        if not store.reader.truncated:
            # A cut last line seen at opening was being written: it is complete now. One seen
            # while following is not flagged; it is read once its newline is there.
            self.scan.truncated = False
        self.timeline.set_tree(store.tree)
        grown = [store.tree.position(s) for s in touched if store.tree.position(s) < n_before]
        if any(p <= self.scan.scanned for p in grown):
            self._request_rescan()  # a step the scorer has seen got more events
        elif self.n_steps > n_before and not self._rescan_pending:
            self.scan_new_steps()
        if self.n_steps and not self.shown:
            self.go(0, force=True)
        elif self.n_steps > n_before and self.position == n_before - 1 and not self.playing:
            self.go(self.n_steps - 1)  # on the last step: show the newest, like `tail -f`
        elif old_step is not None and (old_step in touched or self._parent_of(old_step) in touched):
            self.go(self.position, force=True)
        self.update_status()

    def _parent_of(self, step_id: int) -> int | None:
        assert self.store is not None
        return self.store.tree.parent.get(step_id)

    def _stop_following(self, why: str) -> None:
        if self.follow_timer is not None:
            self.follow_timer.stop()
            self.follow_timer = None
        self._follow_busy = True  # no look is started again
        self.notify(
            inert(f"stopped following {self.name_shown}: {why}. The steps read so far stay; "
                  "open the file again to read it anew."),
            title="transcript", severity="warning", markup=False, timeout=10,
        )

    def _request_rescan(self) -> None:
        """Score every step again: stop the scan now, start afresh once it has let go."""
        self._rescan_pending = True
        self.workers.cancel_group(self, "scan")
        self._try_rescan()

    def _try_rescan(self) -> None:
        if not self._rescan_pending:
            return
        if not self.scan_lock.acquire(blocking=False):
            self.set_timer(RESCAN_RETRY_S, self._try_rescan)  # the cancelled scan is finishing
            return
        try:
            fresh = self.new_scan()
            fresh.truncated = self.scan.truncated
            self.scan = fresh
            self._rescan_pending = False
        finally:
            self.scan_lock.release()
        self.scan_new_steps()

    # ----- playback --------------------------------------------------------------------------

    def toggle_playback(self) -> None:
        if not self.playing and not self.n_steps:
            if self.index_fraction is not None:
                why = " yet (it is still being indexed)"
            elif self.follow_timer is not None:
                why = " yet (steps appended to the file will appear)"
            else:
                why = ""
            self.notify(f"nothing to play: this transcript has no steps{why}",
                        title="replay", markup=False)
            return
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
