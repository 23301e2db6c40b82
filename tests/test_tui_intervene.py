"""`i` in live mode: paired intervention forks from the viewed step, recorded into the same
file, labelled in the timeline, and counted in the search card."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.loops.toy import ToyLoop
from scaffold.transcript import ForkEvent, read_transcript
from tests.tui_pilot import SIZE, anyio_backend, keys_for, notifications, screen_text, settle
from tui.app import create_app
from tui.screens.intervene import InterveneScreen

pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]


def toy(_progress: object = None) -> ToyLoop:
    return ToyLoop(scaffold="hill-climb", seed=0, n=4, steps=6)


async def test_i_records_paired_arms_labels_them_and_the_card_reports_them(
    tmp_path: Path
) -> None:
    out = tmp_path / "iv.jsonl"
    app = create_app(loop_factory=toy, out=out)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        await pilot.press("g", "l")
        origin = app.store.view_at(1).step  # type: ignore[union-attr]
        await pilot.press("i")
        assert isinstance(app.screen, InterveneScreen)
        assert "8 runs: 4 intervened, 4 control" in screen_text(app)
        await pilot.press("tab", "backspace", *keys_for("2"))
        assert "4 runs: 2 intervened, 2 control" in screen_text(app)
        await pilot.press("shift+tab", *["backspace"] * 7, *keys_for("invert"), "enter")
        await settle(pilot)
        assert not isinstance(app.screen, InterveneScreen)
        await pilot.press("g")
        await settle(pilot)
        await pilot.pause()
        shown = screen_text(app)
        assert "b1  invert i" in shown and "b2  invert c" in shown, shown
        assert "Intervene   invert:" in shown, "the search card reports the block"
    _, events, _ = read_transcript(out)
    forks = [e for e in events if isinstance(e, ForkEvent)]
    assert [(f.from_step, f.params["arm"]) for f in forks] == [
        (origin, "intervened"), (origin, "control")] * 2
    assert {f.params["intervention"] for f in forks} == {"invert"}


async def test_a_bad_kind_stays_in_the_dialog_with_the_reason(tmp_path: Path) -> None:
    app = create_app(loop_factory=toy, out=tmp_path / "bad.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i", *["backspace"] * 7, *keys_for("sort[x]"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, InterveneScreen)
        assert "unknown intervention 'sort[x]'" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InterveneScreen) and app.n_steps == 1


async def test_i_on_a_step_without_a_decision_is_refused_with_a_notice(tmp_path: Path) -> None:
    app = create_app(loop_factory=toy, out=tmp_path / "final.jsonl")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("G", "i", "enter")
        await settle(pilot)
        assert any("has no decision" in n for n in notifications(app)), notifications(app)
