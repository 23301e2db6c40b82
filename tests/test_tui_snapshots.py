"""SVG snapshots of the main screens (pytest-textual-snapshot). Sizes are fixed and the app's
snapshot mode keeps timings off the screen; workers finish before the picture is taken.

Update after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from scaffold.loops.toy import ToyLoop
from tests.tui_pilot import SIZE, settle
from tests.tui_transcripts import image_transcript, toy_transcript
from tui.app import create_app

Snap = Callable[..., bool]


def _ready(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_replay_text_screen(snap_compare: Snap, tmp_path: Path) -> None:
    path = toy_transcript(tmp_path / "forked.jsonl", steps=30, fork_from=4, fork_steps=5)
    app = create_app(path, snapshot=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready("l", "l", "j"))


def test_replay_image_screen(snap_compare: Snap, tmp_path: Path) -> None:
    app = create_app(image_transcript(tmp_path / "glyph.jsonl"), snapshot=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready("l", "l", "l"))


def test_help_screen(snap_compare: Snap, tmp_path: Path) -> None:
    path = toy_transcript(tmp_path / "help.jsonl", steps=10)
    app = create_app(path, snapshot=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready("question_mark"))


def test_live_screen_with_fork_dialog(snap_compare: Snap, tmp_path: Path) -> None:
    def toy(_progress: object = None) -> ToyLoop:
        return ToyLoop(scaffold="hill-climb", seed=0, n=4, steps=60)

    app = create_app(loop_factory=toy, out=tmp_path / "live.jsonl", snapshot=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready("n", "n", "h", "f"))
