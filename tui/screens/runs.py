"""The run browser: `mesascope replay DIR` on a sweep directory.

A table of the sweep's runs (configuration, verdict, ū, p, solved, compute), sortable (`s`
on a column, again to reverse, or a click on its header) and filterable (`/`, see
`runs_query`). Enter opens the replay of the highlighted run; Escape there comes back here
with the same filter, order and cursor. `p` pools the runs shown with the scorer's pooling,
exactly what `score --pool` prints for the same transcripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Input, Static

from scaffold.errors import InputError
from scaffold.sweep.index import Row
from scaffold.sweep.summary import load_sweep, pool_rows
from tui.safe_text import inert
from tui.screens.runs_query import parse_filter, select_rows
from tui.screens.runs_table import RunTable

HIDDEN = {"loop", "transcript", "error", "u_lo", "u_hi", "regime"}
"""Index columns the table leaves out (the replay and the report show them)."""


@dataclass
class BrowserState:
    """What survives a trip to a run's replay and back."""

    filter_text: str = ""
    sort_column: str | None = None
    reverse: bool = False
    cursor_run: str | None = None
    pooled: str = ""
    rows: list[Row] = field(default_factory=list)


class RunsApp(App[Path | None]):
    """Exits with the transcript to replay, or None to quit."""

    TITLE = "mesascope runs"
    CSS = """
    #runs { height: 1fr; }
    #pooled { height: auto; max-height: 3; color: $text-accent; }
    #status { height: 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="runs.filter"),
        Binding("s", "sort", "Sort by column", id="runs.sort"),
        Binding("p", "pool", "Pool shown runs", id="runs.pool"),
        Binding("escape", "leave_filter", "Back to table", id="runs.table", show=False),
        Binding("q", "quit", "Quit", id="runs.quit"),
    ]

    def __init__(self, directory: Path, state: BrowserState | None = None) -> None:
        super().__init__()
        self.directory = directory
        self.state = state or BrowserState()
        if not self.state.rows:
            self.state.rows = load_sweep(directory)
        first = self.state.rows[0] if self.state.rows else {}
        self.columns = [c for c in first if c not in HIDDEN and any(
            r.get(c) for r in self.state.rows)]
        self.shown: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Input(self.state.filter_text, placeholder="filter: scaffold=tot p_value<0.05 "
                    "words…  (Enter applies)", id="filter")
        yield RunTable(id="runs")
        yield Static(inert(self.state.pooled), id="pooled")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(RunTable).focus()

    # ----- table ---------------------------------------------------------------------------

    def refill(self) -> None:
        table = self.query_one(RunTable)
        try:
            terms = parse_filter(self.state.filter_text, self.columns)
        except InputError as err:
            self.set_status(f"filter: {err}")
            return
        self.shown = select_rows(self.state.rows, terms, self.state.sort_column,
                                 self.state.reverse)
        wanted = self.state.cursor_run
        at = next((i for i, r in enumerate(self.shown) if r["run"] == wanted), 0)
        marks = {}
        if self.state.sort_column in self.columns:
            marks[self.columns.index(self.state.sort_column)] = " ↓" if self.state.reverse \
                else " ↑"
        table.set_rows(self.columns, self.shown, cursor_row=at, marks=marks)
        self.set_status()

    def set_status(self, message: str = "") -> None:
        order = ""
        if self.state.sort_column:
            order = f"; by {self.state.sort_column} {'↓' if self.state.reverse else '↑'}"
        text = message or f"{len(self.shown)} of {len(self.state.rows)} runs{order}"
        self.query_one("#status", Static).update(inert(text))

    def highlighted(self) -> Row | None:
        row = self.query_one(RunTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def on_run_table_row_highlighted(self, event: RunTable.RowHighlighted) -> None:
        row = self.highlighted()
        if row is not None:
            self.state.cursor_run = row["run"]

    def on_run_table_header_selected(self, event: RunTable.HeaderSelected) -> None:
        self.sort_by(self.columns[event.column])

    # ----- actions -------------------------------------------------------------------------

    def action_sort(self) -> None:
        column = self.query_one(RunTable).cursor_column
        if 0 <= column < len(self.columns):
            self.sort_by(self.columns[column])

    def sort_by(self, column: str) -> None:
        if self.state.sort_column == column:
            self.state.reverse = not self.state.reverse
        else:
            self.state.sort_column, self.state.reverse = column, False
        self.refill()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one(RunTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.state.filter_text = event.value.strip()
        self.refill()
        self.query_one(RunTable).focus()

    def on_run_table_row_selected(self, event: RunTable.RowSelected) -> None:
        event.stop()
        self.action_open_run()

    def action_open_run(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        path = self.directory / row["transcript"] if row.get("transcript") else None
        if path is None or not path.is_file():
            self.set_status(f"run {row['run']} has no transcript ({row.get('error') or 'none'})")
            return
        self.exit(path)

    def action_pool(self) -> None:
        if not self.shown:
            return
        self.set_status(f"pooling {len(self.shown)} runs…")
        self.pool(list(self.shown))

    @work(thread=True, exclusive=True, group="pool")
    def pool(self, rows: list[Row]) -> None:
        try:
            report = pool_rows(self.directory, rows)
        except InputError as err:
            self.call_from_thread(self.show_pooled, f"pool: {err}")
            return
        self.call_from_thread(self.show_pooled, pooled_line(report, len(rows)))

    def show_pooled(self, text: str) -> None:
        self.state.pooled = text
        self.query_one("#pooled", Static).update(inert(text))
        self.set_status()


def pooled_line(report: dict[str, Any] | None, n_rows: int) -> str:
    if report is None:
        return f"pooled: none of the {n_rows} runs has a transcript"
    sel = report.get("selection") or {}
    u, ci, p = sel.get("u_bar"), sel.get("u_ci"), sel.get("p_value")
    u_text = "ū –" if u is None else f"ū {u:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci
                                                       else "")
    p_text = "" if p is None else f"  p {p:.4g}"
    return (f"pooled {report['n_transcripts']} runs ({report['n_decisions']} decisions): "
            f"{report['verdict']}  {u_text}{p_text}")


def run_replay_app(path: Path, *, snapshot: bool = False) -> Any:
    """The replay app for one run, where Escape (no search open) exits with `back` set, for
    the browser to open again."""
    from textual.widgets import Input as SearchBox

    import tui.app
    from scaffold.transcript.reader import TranscriptReader
    from tui.app import MesascopeApp
    from tui.sources import ReplayStore

    class RunReplayApp(MesascopeApp):
        CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))
        back = False

        def action_close_search(self) -> None:
            if self.main.query_one("#search", SearchBox).display:
                super().action_close_search()
            else:
                self.back = True
                self.exit()

    return RunReplayApp(store=ReplayStore(TranscriptReader(path)), snapshot=snapshot)


def browse_sweep(directory: Path) -> None:
    """The browser, then a run's replay, then (after Escape) the browser again; `q` in
    either quits."""
    state = BrowserState()
    while True:
        chosen = RunsApp(directory, state).run()
        if chosen is None:
            return
        replay = run_replay_app(chosen)
        replay.run()
        if not replay.back:
            return
