"""The one main screen, shared by replay and live mode: timeline, state, search card,
candidates, a progress row, the search input, the status line and the footer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar, Static

from scaffold.scoring.card_rows import CardRow, RowKind
from scaffold.transcript.events import HeaderEvent
from scaffold.transcript.steps import StepView
from tui.safe_text import inert, one_line
from tui.widgets.candidates import CandidateDetail, CandidateTable
from tui.widgets.state_view import Commitment, StateView
from tui.widgets.timeline import Timeline


def headline(header: HeaderEvent | None, name: str) -> Text:
    """What is being looked at, from the header; every field is untrusted."""
    out = Text(no_wrap=True, overflow="ellipsis")  # one row each: name, then the parameters
    out.append("mesascope ", style="bold")
    out.append(one_line(name, 60), style="bold cyan")
    if header is None:
        return out
    parts = [
        ("loop", header.loop, 40), ("scaffold", header.scaffold, 40),
        ("task", header.task.name, 40), ("instance", header.task.instance, 50),
        ("seed", str(header.seed), 40), ("model", header.model.id, 40),
    ]
    for key, value, limit in parts:
        if value:
            out.append(f"  {key} ", style="dim")
            out.append(one_line(value, limit))
    params = run_params(header)
    if params:
        out.append("\n")
        for i, (label, value) in enumerate(params):
            out.append(("  " if i else "") + f"{label} ", style="dim")
            out.append(one_line(value, 60))
    return out


PARAMS = (
    ("n", "K"), ("beam", "b"), ("tree_depth", "depth"), ("temperature", "temperature"),
    ("max_new_tokens", "tokens"), ("select_by", "select by"), ("class", "class"),
    ("steps", "steps"), ("guidance", "guidance"), ("samples", "samples"),
    ("scheduler", "scheduler"), ("prompts", "prompts"), ("model_numerics", "numerics"),
)
"""Header config keys shown under the headline (the run's flags), in this order, as labelled."""


def run_params(header: HeaderEvent) -> list[tuple[str, str]]:
    """(label, value) for each recorded run parameter worth a glance; the rest is in `info`."""
    config = header.config
    return [(label, str(config[key])) for key, label in PARAMS
            if isinstance(config.get(key), str | int | float)]


class MainScreen(Screen[None]):
    """Layout only; the app decides what to show and calls the `show_*` methods."""

    AUTO_FOCUS = None

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        with Horizontal(id="top"):
            yield Timeline(id="timeline")
            yield StateView(id="state")
            with VerticalScroll(id="card-panel"):
                yield Static(Text("search card: waiting for steps", style="dim"), id="card")
        with Horizontal(id="bottom"):
            yield CandidateTable(id="candidates")
            yield CandidateDetail(id="detail")
        with Horizontal(id="progress-row"):
            yield Label("", id="progress-label")
            yield ProgressBar(id="progress", show_eta=False)
        # disabled while hidden: a hidden widget can still take focus (Textual gives it to the
        # first focusable one when a dialog closes), and then every key goes into the box
        yield Input(placeholder="search text across steps (enter: find, esc: close)",
                    id="search", disabled=True)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        for selector in ("#timeline", "#state", "#card-panel", "#candidates", "#detail"):
            widget = self.query_one(selector)
            widget.can_focus = False
        self.query_one("#timeline").border_title = "timeline"
        self.query_one("#state").border_title = "state"
        self.query_one("#card-panel").border_title = "search card"
        self.query_one("#candidates").border_title = "candidates (j/k)"
        self.query_one("#detail").border_title = "candidate"
        self.query_one("#search").display = False
        self.query_one("#progress-row").display = False

    @property
    def derived_shown(self) -> bool:
        """Whether the panes show the options found in the text (key d)."""
        return self.query_one(StateView).derived

    def show_header(self, header: HeaderEvent | None, name: str) -> None:
        self.query_one("#headline", Static).update(headline(header, name))

    def show_step(
        self,
        view: StepView,
        parent: StepView | None,
        commitment: Commitment | None,
    ) -> None:
        rows = max(4, min(16, (self.query_one("#state").size.height - 6) // 2 or 12))
        self.query_one(StateView).show_step(view, parent, commitment, image_rows=rows)
        table = self.query_one(CandidateTable)
        table.show(view)
        self.query_one(CandidateDetail).show_candidate(view, table.highlighted())

    def show_empty(self, message: str) -> None:
        self.query_one(StateView).show_message(Text(message, style="bold"))
        self.query_one(CandidateDetail).show_candidate(None, None)

    def show_candidate(self) -> None:
        table = self.query_one(CandidateTable)
        self.query_one(CandidateDetail).show_candidate(table.view, table.highlighted())

    def show_card(self, rows: list[CardRow], note: str) -> None:
        """Labels bold, the verdict's highlighted; unlabelled rows as plain text."""
        text = Text()
        for i, row in enumerate(rows):
            if row.labelled:
                style = "bold yellow" if row.kind == RowKind.VERDICT else "bold"
                text.append(inert(row.label_cell()), style=style)
                text.append(inert(row.text))
            else:
                text.append(inert(row.plain()))
            if i + 1 < len(rows):
                text.append("\n")
        if note:
            text.append(f"\n{note}", style="dim")
        self.query_one("#card", Static).update(text)

    def show_status(self, status: Text) -> None:
        self.query_one("#status", Static).update(status, layout=False)  # one row, always

    def show_progress(self, label: str | None, done: float | None = None,
                      total: float | None = None) -> None:
        row = self.query_one("#progress-row")
        row.display = label is not None
        if label is None:
            return
        self.query_one("#progress-label", Label).update(Text(label))
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=total, progress=done or 0)
