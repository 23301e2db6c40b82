"""`i` in live mode: an intervention from the viewed step (kind and seeds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from scaffold.errors import InputError
from scaffold.interventions.kinds import KINDS_HELP, Intervention
from tui.safe_text import inert

DEFAULT_SEEDS = 4
"""Fewer than the command's 8: a live model takes a while per arm."""


@dataclass(frozen=True)
class InterveneRequest:
    from_step: int
    kind: str
    seeds: int


class InterveneScreen(ModalScreen[InterveneRequest | None]):
    """Kind and seeds; the runs it will take are shown as they are typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="intervene.cancel")
    ]
    DEFAULT_CSS = """
    InterveneScreen { align: center middle; }
    InterveneScreen > Vertical {
        width: 64; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    InterveneScreen Input { margin-bottom: 1; }
    InterveneScreen #intervene-error { color: $error; height: auto; }
    InterveneScreen Horizontal { height: auto; }
    """

    def __init__(self, from_step: int, position: int) -> None:
        super().__init__()
        self.from_step = from_step
        self.position = position

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Intervene from step {self.position + 1} (id {self.from_step})",
                              style="bold"))
            yield Label(f"kind: {KINDS_HELP}")
            yield Input("shuffle", id="intervene-kind")
            yield Label("seeds (each with an unchanged control)")
            yield Input(str(DEFAULT_SEEDS), id="intervene-seeds", type="integer")
            yield Static(self._runs_text(DEFAULT_SEEDS), id="intervene-runs")
            yield Static("", id="intervene-error")
            with Horizontal():
                yield Button("Run", id="intervene-ok", variant="primary")
                yield Button("Cancel", id="intervene-cancel")

    def on_mount(self) -> None:
        self.query_one("#intervene-kind", Input).focus()

    @staticmethod
    def _runs_text(seeds: int) -> Text:
        return Text(f"{2 * seeds} runs: {seeds} intervened, {seeds} control "
                    "(critique: a third, unedited)")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "intervene-seeds" and event.value.strip().isdigit():
            self.query_one("#intervene-runs", Static).update(self._runs_text(int(event.value)))

    def _submit(self) -> None:
        kind = self.query_one("#intervene-kind", Input).value.strip()
        seeds_text = self.query_one("#intervene-seeds", Input).value.strip()
        error = self.query_one("#intervene-error", Static)
        try:
            Intervention.parse(kind)
        except InputError as err:
            error.update(Text(inert(str(err))))
            return
        if not seeds_text.isdigit() or not 1 <= int(seeds_text) <= 1000:
            error.update(Text("seeds must be 1 to 1000"))
            return
        self.dismiss(InterveneRequest(self.from_step, kind, int(seeds_text)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "intervene-ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
