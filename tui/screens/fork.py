"""`f` in live mode: fork from the viewed step with a new seed or temperature."""

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
from scaffold.run.session import check_fork_seed


@dataclass(frozen=True)
class ForkRequest:
    from_step: int
    seed: int
    temperature: float | None


class ForkScreen(ModalScreen[ForkRequest | None]):
    """Two inputs; enter or the button forks, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="fork.cancel")
    ]
    DEFAULT_CSS = """
    ForkScreen { align: center middle; }
    ForkScreen > Vertical {
        width: 60; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    ForkScreen Input { margin-bottom: 1; }
    ForkScreen #fork-error { color: $error; height: auto; }
    ForkScreen Horizontal { height: auto; }
    """

    def __init__(self, from_step: int, position: int, seed: int, temperature: float | None) -> None:
        super().__init__()
        self.from_step = from_step
        self.position = position
        self.seed = seed
        self.temperature = temperature

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Fork from step {self.position + 1} (id {self.from_step})", style="bold")
            )
            yield Label("seed")
            yield Input(str(self.seed), id="fork-seed", type="integer")
            yield Label("temperature (empty: keep the loop's)")
            temp = "" if self.temperature is None else f"{self.temperature:g}"
            yield Input(temp, id="fork-temperature", type="number")
            yield Static("", id="fork-error")
            with Horizontal():
                yield Button("Fork", id="fork-ok", variant="primary")
                yield Button("Cancel", id="fork-cancel")

    def on_mount(self) -> None:
        self.query_one("#fork-seed", Input).focus()

    def _submit(self) -> None:
        seed_text = self.query_one("#fork-seed", Input).value.strip()
        temp_text = self.query_one("#fork-temperature", Input).value.strip()
        error = self.query_one("#fork-error", Static)
        try:
            seed = int(seed_text)
        except ValueError:
            error.update(Text("seed must be an integer"))
            return
        try:
            check_fork_seed(seed)
        except InputError as err:
            error.update(Text(str(err)))
            return
        try:
            temperature = float(temp_text) if temp_text else None
        except ValueError:
            error.update(Text("temperature must be a number in [0, 10]"))
            return
        if temperature is not None and not 0 <= temperature <= 10:
            error.update(Text("temperature must be in [0, 10]"))
            return
        self.dismiss(ForkRequest(self.from_step, seed, temperature))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "fork-ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
