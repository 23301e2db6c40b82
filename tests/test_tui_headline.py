"""The headline names what is on screen and, on a second row, the run's flags from the header
config (issue 3: K, b, temperature, depth; issue 4: class, steps, guidance, seed, n)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scaffold.transcript.events import HeaderEvent, ModelInfo, TaskInfo
from tui.screens.main import headline


def header(loop: str, config: dict, seed: int = 7) -> HeaderEvent:
    return HeaderEvent(
        tool_version="0", loop=loop, scaffold="x", model=ModelInfo(id="m"),
        task=TaskInfo(name="game24", instance="4 9 10 13"), seed=seed, config=config,
    )


def test_scratchpad_flags_are_on_the_second_row() -> None:
    config = {"n": 8, "beam": 3, "tree_depth": 3, "temperature": 0.9, "max_new_tokens": 64,
              "self_eval": True, "prompts": "arithmetic-v2"}
    first, second = headline(header("scratchpad", config), "run.jsonl").plain.split("\n")
    assert "instance 4 9 10 13" in first and "seed 7" in first
    assert second == ("K 8  b 3  depth 3  temperature 0.9  tokens 64  prompts arithmetic-v2")


def test_diffusion_flags_are_on_the_second_row() -> None:
    config = {"class": 3, "steps": 50, "guidance": 2.0, "seed": 3, "n": 4, "samples": 8,
              "scheduler": "ddim", "eta": 0.0}
    text = headline(header("diffusion", config, seed=3), "d.jsonl").plain
    assert "seed 3" in text.split("\n")[0]
    assert text.split("\n")[1] == "K 4  class 3  steps 50  guidance 2.0  samples 8  scheduler ddim"


def test_a_header_without_known_flags_has_one_row() -> None:
    assert "\n" not in headline(header("toy", {"alphabet": "ab"}), "t.jsonl").plain


@given(st.text(max_size=40) | st.just("[bold red]x[/]\x1b[2J"), st.text(max_size=40))
def test_untrusted_values_stay_inert_and_on_their_row(instance: str, scheduler: str) -> None:
    head = HeaderEvent(
        tool_version="0", loop="l", scaffold="s", model=ModelInfo(id="m"),
        task=TaskInfo(name="t", instance=instance), config={"scheduler": scheduler},
    )
    text = headline(head, "f.jsonl")
    assert text.plain.count("\n") == 1
    assert not any(ord(c) < 32 and c != "\n" for c in text.plain), "no control characters"
    assert {str(span.style) for span in text.spans} <= {"bold", "bold cyan", "dim"}, "no markup"
