"""`?`: every key of the app with what it does, generated from the bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

PRETTY = {
    "right": "→", "left": "←", "home": "Home", "end": "End", "space": "space",
    "plus": "+", "equals_sign": "=", "minus": "-",
    "left_square_bracket": "[", "right_square_bracket": "]",
    "slash": "/", "question_mark": "?", "full_stop": ".", "comma": ",", "escape": "esc",
    "shift+g": "G", "G": "G",
}


def pretty_keys(keys: str) -> str:
    return " / ".join(PRETTY.get(k.strip(), k.strip()) for k in keys.split(","))


def bindings_table(bindings: list[Binding], live: bool) -> Table:
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for b in bindings:
        scope = "live only" if (b.id or "").startswith("live.") else ""
        if scope and not live:
            scope = "live only (not in replay)"
        table.add_row(Text(pretty_keys(b.key)), Text(b.tooltip or b.description), Text(scope))
    table.add_row(Text("ctrl+p"), Text("command palette: every action by name"), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 86; max-width: 100%; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 1 2;
    }
    """

    def __init__(self, bindings: list[Binding], live: bool) -> None:
        super().__init__()
        self.key_list = bindings
        self._live = live

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("mesascope keys", style="bold"), id="help-title")
            yield Static(bindings_table(self.key_list, self._live), id="help-keys")
            yield Static(
                Text("Marks in the timeline: ● step, ◆ branch point, ✓ final state; "
                     "lanes are branches (b#), + a branch with no lane left on screen, "
                     "d# is the depth in the step tree.", style="dim")
            )
