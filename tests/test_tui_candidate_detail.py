"""The candidate pane on a real recorded ToT run: the parse (move as taken, the model's own
claim, the raw output) is on screen, and the table keeps every score column in view."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.transcript.reader import TranscriptReader
from tests.tui_pilot import SIZE, anyio_backend, screen_text, settle
from tui.app import create_app
from tui.widgets.candidates import CandidateDetail, CandidateTable

__all__ = ["anyio_backend"]
pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).parents[1] / "transcripts" / "example-tot-game24.jsonl"


def region_text(app, widget_type) -> str:  # type: ignore[no-untyped-def]
    region = app.main.query_one(widget_type).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


async def test_detail_shows_the_parsed_move_and_the_raw_output() -> None:
    with TranscriptReader(EXAMPLE) as reader:
        reader.index()
        view = reader.step(0)
    # the first candidate whose raw output has more than the line that was taken
    row, cand = next(
        (i, c) for i, c in enumerate(view.candidates)
        if "\n" in str(c.attrs.get("raw", "")) and "move" in c.attrs
    )
    app = create_app(EXAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * row)
        await pilot.pause()
        detail = region_text(app, CandidateDetail)
        assert f"candidate {cand.id}" in detail
        assert f"move {cand.attrs['move']}" in detail, "the move as the scaffold took it"
        assert f"left {cand.attrs['left']}" in detail
        if "claimed_result" in cand.attrs:
            assert f"claimed_result {cand.attrs['claimed_result']}" in detail
        lines = [line.strip("│ ") for line in detail.splitlines()]
        at = lines.index("raw")
        raw_lines = [line.strip() for line in str(cand.attrs["raw"]).splitlines()]
        assert lines[at + 1 : at + 1 + len(raw_lines)] == raw_lines, "the raw output, line by line"


async def test_every_score_column_is_in_view_at_the_default_size() -> None:
    app = create_app(EXAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = region_text(app, CandidateTable)
        header = table.splitlines()[1]
        assert header.count(" int") == 1 and header.count(" ext") == 1, header
        narrow = app.main.query_one(CandidateTable)
        assert narrow.virtual_size.width <= narrow.scrollable_content_region.width
    async with create_app(EXAMPLE).run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        table = pilot.app.main.query_one(CandidateTable)
        assert table.virtual_size.width > table.scrollable_content_region.width, (
            "too narrow for every column: the table scrolls sideways instead of hiding scores"
        )


def test_keys_with_the_same_value_share_it_in_the_detail() -> None:
    """A derived game24 attempt that is not finished has `expr` and `move` both "4 + 4": the
    pane said it twice ("expr 4 + 4   value 8   move 4 + 4")."""
    from scaffold.transcript.events import Candidate
    from tui.widgets.candidates import attr_lines

    c = Candidate(id="n1", attrs={"expr": "4 + 4", "value": "8", "move": "4 + 4", "ok": True})
    assert [line.plain for line in attr_lines(c)] == ["expr/move 4 + 4   value 8   ok True"]
