"""The TUI's derived view (key d): the options found in the state's text highlighted in place,
and the candidate table switched between the recorded and the derived decisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from scaffold import __version__
from scaffold.implicit.view import span_marks, task_of
from scaffold.transcript import (
    HeaderEvent,
    ModelInfo,
    StateEvent,
    TaskInfo,
    TranscriptWriter,
)
from tests.tui_pilot import SIZE, anyio_backend, settle  # noqa: F401
from tui.app import create_app
from tui.widgets.candidate_table import CandidateTable
from tui.widgets.state_view import StateView, highlight_spans

DFS = """Numbers 4 9 10 13.
4 + 9 = 13 (left: 10 13 13). 13 - 10 = 3 (left: 3 13). 3 * 13 = 39, too big.
Backtrack: 13 + 13 = 26 (left: 10 26), 26 - 10 = 16, no.
Let me start over. 10 - 4 = 6 (left: 6 9 13). 13 - 9 = 4 (left 4 6). 6 * 4 = 24 \u2713
\x1b[31mAnswer:\x1b[0m (10 - 4) * (13 - 9) = 24"""

Snap = Callable[..., bool]


def scratchpad_transcript(path: Path) -> Path:
    header = HeaderEvent(tool_version=__version__, loop="imported", scaffold="reasoning",
                         model=ModelInfo(id="test"), task=TaskInfo(name="game24",
                                                                    instance="4 9 10 13"))
    with TranscriptWriter(path, header) as w:
        w.write(StateEvent(step=0, text="Numbers 4 9 10 13."))
        w.write(StateEvent(step=1, parent=0, text=DFS, final=True))
    return path


def _ready(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_derived_spans_screen(snap_compare: Snap, tmp_path: Path) -> None:
    app = create_app(scratchpad_transcript(tmp_path / "pad.jsonl"), snapshot=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready("l", "d"))


@pytest.mark.anyio
async def test_d_toggles_between_recorded_and_derived_candidates(tmp_path: Path) -> None:
    app = create_app(scratchpad_transcript(tmp_path / "pad.jsonl"), snapshot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        table = app.main.query_one(CandidateTable)
        assert table.row_count == 0
        await pilot.press("d")
        await settle(pilot)
        assert table.derived and app.main.query_one(StateView).derived
        assert table.row_count == 4
        assert table.view is not None and len(table.view.chosen) == 1
        texts = {c.text.split(" (")[0] for c in table.view.candidates if c.text}
        assert {"4 + 9 = 13", "10 - 4 = 6", "13 - 10 = 3", "13 + 13 = 26"} == texts
        await pilot.press("d")
        await settle(pilot)
        assert table.row_count == 0


def test_highlighting_keeps_spans_on_their_characters_and_control_codes_inert() -> None:
    text = "ab\x1bcd ef"
    shown = highlight_spans(text, [(3, 5, "chosen")])
    assert "\x1b" not in shown.plain
    styled = [shown.plain[s.start:s.end] for s in shown.spans]
    assert styled == ["cd"]


def test_judging_words_are_drawn_inside_their_option() -> None:
    """A judging word lies inside its option's span; it used to be clipped away by the option
    mark, so no judging word inside an option was ever shown (legend "judgement 0")."""
    text = "Option A: Redis, solid.\nOption B: Memcached, poor fit.\nI'll go with option A."
    marks = span_marks(text, task_of(None))
    judging = [text[s:e] for s, e, k in marks if k == "judgement"]
    assert judging == ["solid", "poor"]
    shown = highlight_spans(text, marks)
    assert shown.plain == text
    styles = {shown.plain[s.start:s.end]: str(s.style) for s in shown.spans}
    assert styles["solid"] == "bold black on green bold magenta"
    assert styles["poor"] == "black on yellow bold magenta"
    assert styles["Option A: Redis, "] == "bold black on green"
