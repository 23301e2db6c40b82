"""Replay of a transcript with one damaged step shows that step's error, inert, and keeps
going: no traceback, no exit 0 after a crash (finding 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_inputs import OSC52_CLEAR, transcript
from tests.tui_pilot import SIZE, anyio_backend, screen_segments, screen_text, settle
from tui.app import create_app
from tui.commands.replay import DamageShownReader

pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]


def damaged(path: Path) -> Path:
    bad_image = {"encoding": "array", "dtype": "uint8", "shape": [2, 2], "data": "!!!!!!!!"}
    return transcript(
        path,
        {"event": "state", "step": 0, "text": "first"},
        {"event": "state", "step": 1, "parent": 0, "text": "second"},
        {"event": "state", "step": 2, "parent": 1, "image": bad_image},
        {"event": "note", "step": 2, OSC52_CLEAR: "x"},
        {"event": "state", "step": 3, "parent": 2, "text": "fourth"},
    )


async def test_a_step_with_invalid_base64_is_shown_as_its_error(tmp_path: Path) -> None:
    app = create_app(reader=DamageShownReader(damaged(tmp_path / "t.jsonl")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "l")
        await settle(pilot)
        text = screen_text(app)
        assert "not valid base64" in text, text
        assert not any("\x1b" in s or "\x07" in s for s in screen_segments(app))
        await pilot.press("l")
        await settle(pilot)
        assert "fourth" in screen_text(app), "the steps after it still read"
    assert app.return_code in (0, None)


def test_a_damaged_step_reads_as_one_fatal_error_event(tmp_path: Path) -> None:
    with DamageShownReader(damaged(tmp_path / "t.jsonl")) as reader:
        reader.index()
        view = reader.step(2)
    (error,) = view.errors
    assert error.fatal and error.kind == "unreadable" and ":4: bad event" in error.message


async def test_a_damaged_first_step_is_shown_as_its_error_and_the_rest_reads(
        tmp_path: Path) -> None:
    bad_image = {"encoding": "array", "dtype": "uint8", "shape": [2, 2], "data": "!!!!"}
    path = transcript(tmp_path / "t.jsonl", {"event": "state", "step": 0, "image": bad_image},
                      {"event": "state", "step": 1, "parent": 0, "text": "second"})
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "image data does not match" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert "second" in screen_text(app)


async def test_a_file_whose_second_line_is_not_json_says_why_in_the_state_pane(
        tmp_path: Path) -> None:
    path = transcript(tmp_path / "t.jsonl", "{not json",
                      {"event": "state", "step": 1, "parent": 0, "text": "second"})
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "no step could be read" in text and "t.jsonl:2: not valid JSON" in text, text
