"""Replay mode, key by key, on transcripts recorded from the real ToyLoop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.transcript import TranscriptReader
from tests.tui_pilot import SIZE, anyio_backend, keys_for, screen_text, settle, status
from tests.tui_transcripts import image_transcript, toy_transcript
from tui.app import create_app
from tui.screens.help import HelpScreen
from tui.widgets.candidates import CandidateTable

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]


@pytest.fixture(scope="module")
def forked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 hill-climb steps, then a 5-step fork from step id 4: one branch point."""
    path = tmp_path_factory.mktemp("tui") / "forked.jsonl"
    return toy_transcript(path, steps=30, fork_from=4, fork_steps=5)


def _n_steps(path: Path) -> int:
    with TranscriptReader(path) as reader:
        reader.index()
        return reader.n_steps


async def test_replay_opens_at_step_one_and_l_shows_step_two(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = _n_steps(forked)
        assert status(app).startswith(f"step 1/{total}")
        await pilot.press("l")
        assert status(app).startswith(f"step 2/{total}")
        await pilot.press("right")
        assert status(app).startswith("step 3/")
        await pilot.press("h")
        assert status(app).startswith("step 2/")
        await pilot.press("left", "left")
        assert status(app).startswith("step 1/"), "h stops at the first step"


async def test_first_and_last_keys(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = _n_steps(forked)
        await pilot.press("G")
        assert status(app).startswith(f"step {total}/{total}")
        await pilot.press("g")
        assert status(app).startswith(f"step 1/{total}")
        await pilot.press("end")
        assert app.position == total - 1
        await pilot.press("home")
        assert app.position == 0


async def test_space_plays_and_pauses_and_speed_keys_change_rate(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2 steps/s" in status(app)
        await pilot.press("plus", "plus", "plus", "plus", "plus")
        assert "32 steps/s" in status(app)
        await pilot.press("minus")
        assert "16 steps/s" in status(app)
        await pilot.press("minus", "minus")
        assert "4 steps/s" in status(app)
        await pilot.press("space")
        assert app.playing and "▶ playing" in status(app), status(app)
        for _ in range(60):
            await pilot.pause(0.05)
            if app.position >= 2:
                break
        assert app.position >= 2, "playback advances on its own"
        await pilot.press("space")
        assert not app.playing and "paused" in status(app)
        stopped_at = app.position
        await pilot.pause(0.2)
        assert app.position == stopped_at


async def test_brackets_jump_between_branch_points(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        point = app.store.tree.position(4)  # type: ignore[union-attr]
        await pilot.press("right_square_bracket")
        assert app.position == point
        await pilot.press("G")
        assert "branch b1" in status(app), "the fork's last step is on a second branch"
        await pilot.press("left_square_bracket")
        assert app.position == point
        await pilot.press("left_square_bracket")
        assert app.position == point, "no earlier branch point: stay"


async def test_slash_searches_text_across_steps_and_repeats(forked: Path) -> None:
    with TranscriptReader(forked) as reader:
        reader.index()
        later = reader.step(12).state.text  # type: ignore[union-attr]
        needle = later[:12]
        hits = [i for i in range(reader.n_steps) if needle in (reader.step(i).state.text or "")
                or any(needle in (c.text or "") for c in reader.step(i).candidates)]
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.main.query_one("#search").display
        await pilot.press(*keys_for(needle))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.position == hits[0]
        assert "match for" in status(app)
        await pilot.press("full_stop")
        await settle(pilot)
        assert app.position == (hits[1] if len(hits) > 1 else hits[0])
        await pilot.press("comma")
        await settle(pilot)
        assert app.position == hits[0]


async def test_search_with_no_match_says_so_and_stays(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "slash", *"QQQ", "enter")
        await settle(pilot)
        assert app.position == 1
        assert "no match for 'QQQ'" in status(app)


@pytest.mark.parametrize("closed_by", [["escape"], ["a", "enter"]])
@pytest.mark.parametrize("dialog", ["question_mark", "ctrl+p"])
async def test_keys_reach_the_app_after_a_search_and_a_dialog(
        forked: Path, closed_by: list[str], dialog: str) -> None:
    """The hidden search box took the focus back when a dialog closed, and every key went
    into it (G, l, q did nothing; found by an exploratory QA pass)."""
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *closed_by)
        await settle(pilot)
        await pilot.press(dialog)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert app.position == app.n_steps - 1
        assert app.main.query_one("#search").value == ("a" if "a" in closed_by else "")


async def test_question_mark_shows_help_and_escape_closes_it(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("→", "Home", "[", "/", "space", "live only", "+ / =", "falling by more"):
            assert key in text
        assert "equals_sign" not in text, "key names are shown as the keys"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_j_k_select_candidates_and_detail_shows_full_text(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.main.query_one(CandidateTable)
        view = table.view
        assert view is not None and table.row_count == len(view.candidates) == 4
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        detail = screen_text(app)
        assert f"candidate {view.candidates[2].id}" in detail
        assert view.candidates[2].text in detail
        await pilot.press("k")
        assert table.cursor_row == 1
        kept = next(iter(view.chosen))
        assert "✓" in screen_text(app) and kept in screen_text(app)


async def test_command_palette_runs_an_action(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Last step")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.position == app.n_steps - 1


async def test_search_card_reports_the_scorer_verdict(forked: Path) -> None:
    app = create_app(forked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = str(app.main.query_one("#card").render())
        assert card.startswith("VERDICT")
        assert "regime A" in card and "Recorded" in card
        assert f"all {app.n_steps} steps scored" in card
        assert app.card_complete


async def test_image_state_shows_x_t_and_x0_side_by_side_with_posterior(tmp_path: Path) -> None:
    app = create_app(image_transcript(tmp_path / "glyph.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")
        text = screen_text(app)
        assert "x_t" in text and "x̂0" in text
        assert "▀" in text, "pixels are half blocks"
        assert "class posterior" in text and "← target" in text
        assert "commitment p(class 3)" in text
        assert "t 834 → 0" in text, "the curve runs along the path from the root"
        assert "image 8×8" in text, "image candidates are summarised in the table"


def test_bad_file_raises_before_the_app_starts(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\x00\x01 not json\n")
    with pytest.raises(InputError):
        create_app(bad)


def test_cli_replay_of_a_bad_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event": "state"}\n')
    done = subprocess.run(
        [sys.executable, "-m", "tui", "replay", str(bad)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


async def test_a_damaged_or_cut_transcript_is_flagged_on_the_card(tmp_path: Path) -> None:
    """The TUI gave a verdict over a file with an unreadable step, or a cut last line, with no
    word on the card (found by an exploratory QA pass of the TUI); `info` and `score` flag
    both."""
    from tui.commands.replay import DamageShownReader

    lines = (REPO / "transcripts" / "example-hill-climb.jsonl").read_bytes().splitlines()
    lines[10] = lines[10][: len(lines[10]) // 2]  # a step's line cut in the middle of the file
    lines[-1] = lines[-1][: len(lines[-1]) // 2]  # and the last line, as a crash leaves it
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(b"\n".join(lines))
    app = create_app(reader=DamageShownReader(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = " ".join(str(app.main.query_one("#card").render()).split())
        assert app.card_complete
        assert "1 step unreadable (first: step id" in card
        assert "transcript is truncated" in card
