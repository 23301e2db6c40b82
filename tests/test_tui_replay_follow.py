"""Replay follows a transcript that another process is still writing, like `tail -f`: steps
appended after the file was opened appear, a half-written last line waits for its newline, and
a file truncated or replaced under the app is a notification, not a crash. Also: `space` on a
transcript without steps says there is nothing to play."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.follow_transcripts import line, step_events, write_steps
from tests.tui_pilot import SIZE, anyio_backend, notifications, screen_text, settle, status
from tui.app import create_app
from tui.commands.replay import DamageShownReader
from tui.widgets.candidates import CandidateTable

pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]

WAIT_S = 5.0
"""Longest wait for the app to see a change (it looks twice a second)."""


async def wait_for(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Let the app run until `done()`, at most WAIT_S."""
    deadline = time.monotonic() + WAIT_S
    while not done():
        assert time.monotonic() < deadline, "the app did not see the change in time"
        await pilot.pause(0.05)


def stopped_following(app: object) -> list[str]:
    return [n for n in notifications(app) if "stopped following" in n]  # type: ignore[arg-type]


async def test_steps_appended_while_open_appear_and_are_scored(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(3), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert status(app).startswith("step 1/3")
        assert app.scan.tally.decisions == 3
        assert "following" not in status(app), "a file that has not grown says nothing"
        write_steps(path, range(3, 5))
        await wait_for(pilot, lambda: app.n_steps == 5)
        await wait_for(pilot, lambda: "all 5 steps scored" in screen_text(app))
        assert status(app).startswith("step 1/5"), "the viewer stays where it was"
        assert "following: +2 since opened" in status(app)
        assert len(app.timeline.branches) == 5
        assert app.scan.tally.decisions == 5, "the appended steps are in the search card"
        await pilot.press("G")
        assert status(app).startswith("step 5/5")
        assert "option 0 of step 4" in screen_text(app)
        # On the last step, the newest step is shown as it arrives.
        write_steps(path, range(5, 6))
        await wait_for(pilot, lambda: app.n_steps == 6)
        assert status(app).startswith("step 6/6")
        await settle(pilot)
        assert "option 0 of step 5" in screen_text(app)
        assert not stopped_following(app)


async def test_a_half_written_line_waits_for_its_newline(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(2), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        store = app.store
        pending = b"".join(line(ev) for ev in step_events(2))
        cut = len(line(step_events(2)[0])) + 10  # the state line, then part of the next
        with open(path, "ab") as fh:
            fh.write(pending[:cut])
        reader = store.reader  # type: ignore[union-attr]
        await wait_for(pilot, lambda: reader.truncated)  # the app has looked at the cut line
        await wait_for(pilot, lambda: app.n_steps == 3)
        await settle(pilot)
        assert app.scan.unreadable == [] and not app.scan.truncated
        assert not notifications(app), notifications(app)
        await pilot.press("G")
        table = app.main.query_one(CandidateTable)
        assert table.row_count == 0, "only the state line of step 2 is complete"
        decisions = app.scan.tally.decisions
        with open(path, "ab") as fh:
            fh.write(pending[cut:])
        await wait_for(pilot, lambda: table.row_count == 2)
        await wait_for(pilot, lambda: app.scan.tally.decisions == 3)
        await wait_for(pilot, lambda: "3 decisions" in screen_text(app))
        assert decisions == 2, "step 2 was scored before its decision was written"
        assert not reader.truncated
        view = store.view_at(2)  # type: ignore[union-attr]
        assert not view.errors and len(view.candidates) == 2 and view.select is not None
        assert not notifications(app), notifications(app)


async def test_a_truncated_file_stops_following_with_a_notification(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(3), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        os.truncate(path, path.stat().st_size // 2)
        await wait_for(pilot, lambda: bool(stopped_following(app)))
        (note,) = stopped_following(app)
        assert "shrank" in note, note
        assert app.is_running
        await pilot.press("l")
        assert status(app).startswith("step 2/3"), "the steps read so far stay"


async def test_a_replaced_file_stops_following_with_a_notification(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(3), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        other = write_steps(tmp_path / "other.jsonl", range(9), new=True)
        os.replace(other, path)
        await wait_for(pilot, lambda: bool(stopped_following(app)))
        assert "replaced" in stopped_following(app)[0]
        await pilot.press("G")
        assert status(app).startswith("step 3/3"), "still the file that was opened"


async def test_space_on_a_transcript_without_steps_says_there_is_nothing_to_play(
        tmp_path: Path) -> None:
    path = write_steps(tmp_path / "empty.jsonl", range(0), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert not app.playing
        assert "playing" not in status(app), status(app)
        assert any("nothing to play" in n for n in notifications(app)), notifications(app)


async def test_an_empty_transcript_shows_its_first_steps_as_they_are_written(
        tmp_path: Path) -> None:
    path = write_steps(tmp_path / "empty.jsonl", range(0), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "no steps yet" in screen_text(app)
        write_steps(path, range(2))
        await wait_for(pilot, lambda: app.n_steps == 2)
        await settle(pilot)
        assert status(app).startswith("step 1/2"), status(app)
        assert "option 0 of step 0" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert app.playing, "now there is something to play"


async def test_the_notice_shows_a_hostile_file_name_inert(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run[b]x\x1b[2J.jsonl", range(2), new=True)
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        path.unlink()
        await wait_for(pilot, lambda: bool(stopped_following(app)))
        (note,) = stopped_following(app)
        assert "run[b]x\\x1b[2J.jsonl" in note and "\x1b" not in note, note
        assert "deleted or moved" in note
