"""Live mode on the real ToyLoop: n steps, r runs to a breakpoint, space pauses, f forks into the
same transcript, and the UI stays usable while the loop is still being built."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.toy import ToyLoop
from scaffold.run.registry import build_loop
from scaffold.run.stops import DROP_TOLERANCE
from scaffold.transcript import ForkEvent, TranscriptReader, read_transcript
from scaffold.transcript.objective import state_objective
from tests.tui_pilot import (
    SIZE,
    anyio_backend,
    keys_for,
    notifications,
    screen_text,
    settle,
    status,
)
from tui.app import create_app
from tui.screens.fork import ForkScreen
from tui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]


def toy(_progress: object = None) -> ToyLoop:
    return ToyLoop(scaffold="hill-climb", seed=0, n=4, steps=60)


class GatedToy:
    """The toy loop, but each step after the first waits for `gate`: a test can hold a run
    mid-step the way a slow model would."""

    def __init__(self) -> None:
        self.inner = toy()
        self.header = self.inner.header
        self.gate = threading.Event()
        self.gate.set()

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        for k, events in enumerate(self.inner.start(ids)):
            if k:
                self.gate.wait()
            yield events

    def fork(self, *args: Any) -> Iterator[StepEvents]:
        return self.inner.fork(*args)


async def test_live_opens_with_step_one_and_n_takes_one_step(tmp_path: Path) -> None:
    out = tmp_path / "live.jsonl"
    app = create_app(loop_factory=toy, out=out)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(app).startswith("step 1/1")
        assert "live: paused" in status(app)
        await pilot.press("n")
        await settle(pilot)
        assert status(app).startswith("step 2/2")
        await pilot.press("n", "n")
        await settle(pilot)
        assert app.n_steps in (3, 4), "a second n while a step runs is refused, never queued twice"
        assert app.position == app.n_steps - 1, "the view follows new steps"
    header, events, truncated = read_transcript(out)
    assert header.loop == "toy" and not truncated
    assert len({e.step for e in events}) == app.n_steps, "every step shown is on disk"


async def test_r_runs_until_the_first_breakpoint(tmp_path: Path) -> None:
    app = create_app(loop_factory=toy, out=tmp_path / "run.jsonl", run_limit=40)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "stopped:" in status(app)
    with TranscriptReader(tmp_path / "run.jsonl") as reader:
        reader.index()
        views = [reader.step(i) for i in range(reader.n_steps)]
    by_id = {v.step: v for v in views}
    ran = views[1:]
    drops = [v for v in ran  # type: ignore[operator]
             if state_objective(v) < state_objective(by_id[v.parent]) - DROP_TOLERANCE]
    finals = [v for v in ran if v.state and v.state.final]
    last = ran[-1]
    if "score drop" in app.last_stop:
        assert drops == [last], "it stops at the first drop, not before, not after"
    elif app.last_stop.startswith("solved"):
        assert finals == [last] and not drops
    else:
        assert app.last_stop == "40 steps done" and len(ran) == 40 and not drops


async def test_space_pauses_a_run_after_the_step_in_flight(tmp_path: Path) -> None:
    loop = GatedToy()
    app = create_app(loop_factory=lambda _progress: loop, out=tmp_path / "pause.jsonl",
                     run_limit=50)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        loop.gate.clear()  # the next step waits: the run cannot finish before space lands
        await pilot.press("r")
        assert "live: running" in status(app)
        await pilot.press("space")
        assert "live: pausing" in status(app)
        loop.gate.set()
        await settle(pilot)
        assert app.last_stop == "paused"
        assert app.n_steps == 2, "the step in flight completes, then the run stops"
        assert "live: paused" in status(app)


async def test_f_forks_from_the_viewed_step_into_the_same_file(tmp_path: Path) -> None:
    out = tmp_path / "fork.jsonl"
    app = create_app(loop_factory=toy, out=out, seed=0, temperature=0.7)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("g", "l")
        origin = app.store.view_at(1).step  # type: ignore[union-attr]
        await pilot.press("f")
        assert isinstance(app.screen, ForkScreen)
        await pilot.press(*["backspace"] * 3, *keys_for("42"), "tab")
        await pilot.press(*["backspace"] * 5, *keys_for("1.3"), "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ForkScreen)
        assert "branch b1" in status(app), "the view follows the new branch"
        assert app.timeline.branches.branch_points == [1]
    _, events, _ = read_transcript(out)
    forks = [e for e in events if isinstance(e, ForkEvent)]
    assert len(forks) == 1
    assert forks[0].from_step == origin and forks[0].seed == 42
    assert forks[0].params == {"temperature": 1.3}


async def test_a_bad_temperature_in_the_fork_dialog_is_named_as_such(tmp_path: Path) -> None:
    """A temperature of '.' (the number field lets one type it) said 'seed must be an
    integer' (exploratory QA of the TUI)."""
    app = create_app(loop_factory=toy, out=tmp_path / "badtemp.jsonl", seed=0, temperature=0.7)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, ForkScreen)
        await pilot.press("tab", *["backspace"] * 5, *keys_for("."), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ForkScreen), "the dialog stays open"
        said = str(app.screen.query_one("#fork-error").render())
        assert said == "temperature must be a number in [0, 10]"


async def test_a_negative_seed_in_the_fork_dialog_is_refused_there(tmp_path: Path) -> None:
    """-1 passed the dialog, and the fork ran with a seed no run may have (exploratory QA)."""
    app = create_app(loop_factory=toy, out=tmp_path / "badseed.jsonl", seed=0, temperature=0.7)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, ForkScreen)
        await pilot.press(*["backspace"] * 3, *keys_for("-1"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ForkScreen), "the dialog stays open"
        said = str(app.screen.query_one("#fork-error").render())
        assert said.startswith("fork seed: must be a whole number from 0 to ")


async def test_escape_cancels_the_fork_dialog(tmp_path: Path) -> None:
    app = create_app(loop_factory=toy, out=tmp_path / "nofork.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, ForkScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ForkScreen) and app.n_steps == 1


async def test_help_and_keys_work_while_the_loop_is_loading(tmp_path: Path) -> None:
    release = threading.Event()

    def slow_toy(progress) -> ToyLoop:
        progress("reading weights", 0.1)
        release.wait(20)  # stands in for a slow model load; the loop itself is real
        return toy()

    app = create_app(loop_factory=slow_toy, out=tmp_path / "slow.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert "live: loading model (reading weights, " in status(app), "stage and its seconds"
        await pilot.pause()  # the repaint that shows it (slow on a loaded machine)
        assert "loading model: reading weights" in screen_text(app)
        await pilot.press("l", "n", "question_mark")
        assert isinstance(app.screen, HelpScreen), "help opens while the model loads"
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert status(app).startswith("step 1/1") and "live: paused" in status(app)


async def test_a_failing_loop_build_is_shown_not_raised(tmp_path: Path) -> None:
    def broken(_progress: object) -> ToyLoop:
        return ToyLoop(scaffold="no-such-scaffold")

    app = create_app(loop_factory=broken, out=tmp_path / "broken.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "live: error" in status(app)
        assert "no-such-scaffold" in screen_text(app)


async def test_the_embedded_model_loads_in_named_stages_while_keys_work(tmp_path: Path) -> None:
    """The real loader (embedded SmolLM2 GGUF) reports its stages to the status line."""
    from functools import partial

    settings = {"scaffold": "tot", "task": "game24", "puzzle": "4 9 10 13", "seed": 7,
                "steps": 1}
    app = create_app(loop_factory=partial(build_loop, "scratchpad", settings),
                     out=tmp_path / "tot.jsonl")
    shown: list[str] = []
    show_status = app.main.show_status

    def recording(text: Text) -> None:  # every status line the app puts on screen
        shown.append(text.plain)
        show_status(text)

    app.main.show_status = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen), "help opens while the model loads"
        await pilot.press("escape")
        await pilot.press("l", "h", "right")  # navigation keys are harmless while loading
        for _ in range(600):
            if app.live_state != "loading model":
                break
            await pilot.pause(0.05)
        stages = [name for name, _ in app.load_log]
        assert stages[0] == "locating GGUF" and stages[-1] == "ready"
        assert "hashing GGUF" in stages and "tokenizer" in stages
        assert {"loading cached safetensors", "caching safetensors"} & set(stages)
        loading = [line.split("live: loading model (", 1)[1] for line in shown
                   if "live: loading model (" in line]
        seen = {line.rsplit(", ", 1)[0] for line in loading}
        assert seen & set(stages), f"a named stage was shown in the status line: {loading}"
        assert all(line.endswith(" s)") for line in loading), "each with its seconds"
        assert [t for _, t in app.load_log] == sorted(t for _, t in app.load_log)
        assert app.live_state != "error"


async def test_a_refused_backend_is_said_on_screen_and_stops_the_run(tmp_path: Path) -> None:
    """The real CLI loop on the OpenAI backend pointed at a closed port: the recorded error event
    is a notification, and the run stops at it."""
    from functools import partial

    settings = {"scaffold": "tot", "task": "game24", "puzzle": "4 9 10 13", "backend": "openai",
                "base_url": "http://127.0.0.1:9", "model": "m", "steps": 3}
    app = create_app(loop_factory=partial(build_loop, "scratchpad", settings),
                     out=tmp_path / "remote.jsonl")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)  # loads, then takes the first step, whose proposals all fail
        assert app.last_stop.startswith("backend error at step id 0"), app.last_stop
        assert "connection failed" in app.last_stop
        assert "stopped: backend error at step id 0" in status(app), "the status line says it"
        said = notifications(app)
        assert any(m.startswith("step id 0: backend error") for m in said), said
    _, events, _ = read_transcript(tmp_path / "remote.jsonl")
    assert any(e.event == "error" for e in events)
