"""`/` search across steps: the query box, a search worker, and the match it posts."""

from __future__ import annotations

from textual import work
from textual.widgets import Input
from textual.worker import get_current_worker

from tui.app_base import AppBase
from tui.messages import SearchDone
from tui.step_search import step_matches


class SearchFeature(AppBase):
    """`/`, `.` and `,`: find text across steps without blocking the screen."""

    def action_search(self) -> None:
        box = self.main.query_one("#search", Input)
        box.disabled = False
        box.display = True
        box.value = self.query_text
        box.focus()

    def action_close_search(self) -> None:
        box = self.main.query_one("#search", Input)
        if box.display:
            box.display = False
            box.disabled = True  # see MainScreen: no focus for a hidden box
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
        self.update_status()
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
        self.update_status()
