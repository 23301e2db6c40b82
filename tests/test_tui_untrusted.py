"""Text from a transcript never reaches the terminal as escape sequences or Rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_pilot import SIZE, anyio_backend, screen_segments, screen_text, settle
from tests.tui_transcripts import hostile_transcript
from tui.app import create_app

pytestmark = pytest.mark.anyio
__all__ = ["anyio_backend"]


async def test_escapes_and_markup_in_states_candidates_and_notes_render_inert(
    tmp_path: Path,
) -> None:
    app = create_app(hostile_transcript(tmp_path / "hostile.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        text = screen_text(app)
        segments = screen_segments(app)
        assert not any("\x1b" in s or "\x07" in s for s in segments), "no raw ESC or BEL"
        assert "\\x1b]52;c;SGVsbG8=\\x07" in text, "OSC 52 shows as visible escapes"
        assert "\\x1b[2J" in text, "CSI shows as visible escapes"
        assert "[bold red]x[/]" in text, "markup shows literally, not as style"
        assert "[i]1.0[/]" in text, "candidate ids keep their brackets"
        assert "toy[bold]x[/]" in text and "[red]task[/]" in text, "header fields too"
        await pilot.press("j")
        detail = screen_text(app)
        assert detail.count("[bold red]x[/]") >= 3, "the detail pane shows it literally too"
        assert "[b]move[/]" in detail, "attr keys too"
        await pilot.press("slash", "escape", "question_mark")
        assert not any("\x1b" in s for s in screen_segments(app))
