"""The candidate table (a Line API widget): cursor, scrolling past the visible rows, clicks."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.loops.runner import LoopRunner
from scaffold.loops.toy import ToyLoop
from tests.tui_pilot import SIZE, anyio_backend, screen_text, settle
from tui.app import create_app
from tui.widgets.candidates import CandidateTable

__all__ = ["anyio_backend"]
pytestmark = pytest.mark.anyio

N = 30


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    """A ToyLoop run with 30 candidates per step: more than the table shows at once."""
    path = tmp_path / "wide.jsonl"
    runner = LoopRunner(ToyLoop(scaffold="hill-climb", seed=3, n=N, steps=3), path)
    try:
        while runner.step() is not None:
            pass
    finally:
        runner.close()
    return path


def table_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The table's own columns of the screen, one string per screen row it covers."""
    region = app.main.query_one(CandidateTable).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


async def test_the_cursor_scrolls_the_table_and_clicks_select(wide: Path) -> None:
    app = create_app(wide)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.main.query_one(CandidateTable)
        view = table.view
        assert view is not None and table.row_count == len(view.candidates) == N
        first, last = view.candidates[0].id, view.candidates[-1].id
        shown = "\n".join(table_lines(app))
        assert f" {first} " in shown and f" {last} " not in shown
        assert "sel" in table_lines(app)[1], "the header row is on top"
        await pilot.press(*["j"] * (N + 5))
        assert table.cursor_row == N - 1, "the cursor stops at the last row"
        shown = "\n".join(table_lines(app))
        assert f" {last} " in shown and f" {first} " not in shown, "scrolled to the cursor"
        assert "sel" in table_lines(app)[1], "the header stays while scrolled"
        assert f"candidate {last}" in screen_text(app)
        await pilot.press(*["k"] * (N + 5))
        assert table.cursor_row == 0 and f" {first} " in "\n".join(table_lines(app))
        await pilot.click(CandidateTable, offset=(10, 4))  # border, header, rows 0 and 1
        await pilot.pause()
        assert table.cursor_row == 2
        assert f"candidate {view.candidates[2].id}" in screen_text(app)


async def test_the_row_under_the_mouse_is_tinted_and_leaving_clears_it(wide: Path) -> None:
    app = create_app(wide)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.main.query_one(CandidateTable)
        plain = table.render_line(3)  # screen row 3 of the widget's content: candidate row 2
        await pilot.hover(CandidateTable, offset=(10, 4))  # border, header, rows 0 and 1
        await pilot.pause()
        assert table.hover_row == 2 and table.cursor_row == 0, "hover does not move the cursor"
        tinted = table.render_line(3)
        assert tinted.text == plain.text and tinted != plain, "same text, another background"
        await pilot.hover("#state")
        await pilot.pause()
        assert table.hover_row == -1
