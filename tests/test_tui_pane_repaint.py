"""Panes that change on every keypress repaint without laying the screen out: the state and
candidate panes render once into lines (RenderedScroll), the timeline's window stays put while
the cursor moves inside it, and in the derived view the next step's options are found once the
frame is out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen

from scaffold import __version__
from scaffold.implicit import view as implicit_view
from scaffold.transcript import HeaderEvent, ModelInfo, StateEvent, TaskInfo, TranscriptWriter
from tests.test_implicit_tui import DFS
from tests.tui_pilot import SIZE, anyio_backend, screen_text, settle  # noqa: F401
from tests.tui_transcripts import toy_transcript
from tui.app import MesascopeApp, create_app
from tui.widgets.rendered_scroll import RenderedScroll
from tui.widgets.state_view import StateView
from tui.widgets.timeline import SCROLL_MARGIN, Timeline

EXTRA = ["10 - 9 = 1 (left: 1 4 13), no.", "13 - 4 = 9 (left: 9 9 10), no.",
         "9 + 10 = 19 (left: 4 13 19), no."]
LONG = "\n".join(f"line {i:03d} " + "word " * 30 for i in range(60))


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RenderedScroll(id="pane")


@asynccontextmanager
async def long_text_shown() -> AsyncIterator[tuple[PaneApp, Pilot[None], RenderedScroll]]:
    """A 60×20 app whose one pane shows LONG."""
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(RenderedScroll)
        pane.show(LONG)
        await pilot.pause()
        yield app, pilot, pane


@pytest.mark.anyio
async def test_a_rendered_pane_wraps_to_its_width_and_scrolls() -> None:
    async with long_text_shown() as (app, pilot, pane):
        first = pane.lines
        assert first[0].startswith("line 000")
        assert len(first) > 60  # each source line wrapped onto several rows
        assert all(len(line) <= pane.scrollable_content_region.width for line in first)
        assert pane.virtual_size.height == len(first)
        assert pane.max_scroll_y > 0 and pane.show_vertical_scrollbar
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        bottom = screen_text(app)  # type: ignore[arg-type]
        assert "line 059" in bottom and "line 000" not in bottom
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        assert len(pane.lines) < len(first)  # wider: fewer rows


@pytest.mark.anyio
async def test_a_short_text_after_a_long_one_drops_the_scrollbar() -> None:
    async with long_text_shown() as (_, pilot, pane):
        pane.show("short")
        await pilot.pause()
        await pilot.pause()
        assert pane.lines == ["short"]
        assert not pane.show_vertical_scrollbar and pane.scroll_y == 0


def _count_layouts(screen: Screen[None]) -> list[int]:
    """Counts the screen's layout passes from now on (one list cell, incremented)."""
    calls = [0]
    original = screen._refresh_layout

    def counting(*args: object, **kwargs: object) -> None:
        calls[0] += 1
        original(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counting  # type: ignore[method-assign]
    return calls


def _text(name: str, i: int) -> str:
    """Step i's text: its own first line, and a number of options that varies by step, so
    the panes change size from step to step."""
    return f"{name} {i}.\n" + "\n".join(EXTRA[: i % 4]) + f"\n{DFS}"


def _reasoning_transcript(path: Path, steps: int) -> Path:
    header = HeaderEvent(tool_version=__version__, loop="imported", scaffold="reasoning",
                         model=ModelInfo(id="test"), task=TaskInfo(name="game24",
                                                                    instance="4 9 10 13"))
    with TranscriptWriter(path, header) as w:
        for i in range(steps):
            # every step a different text, so nothing is found in a cache by accident
            w.write(StateEvent(step=i, parent=i - 1 if i else None, text=_text(path.stem, i)))
    return path


@asynccontextmanager
async def derived_view_of(path: Path) -> AsyncIterator[tuple[MesascopeApp, Pilot[None]]]:
    """The app on `path`, settled, with the derived view on (key d)."""
    app = create_app(path, snapshot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        yield app, pilot


@pytest.mark.anyio
async def test_stepping_in_the_derived_view_lays_nothing_out(tmp_path: Path) -> None:
    async with derived_view_of(_reasoning_transcript(tmp_path / "layout.jsonl", 12)) as (
            app, pilot):
        layouts = _count_layouts(app.screen)
        for _ in range(5):
            await pilot.press("l")
            await pilot.pause()
        await settle(pilot)
        assert app.position == 5
        assert any("layout 5." in line for line in app.main.query_one(StateView).lines)
        assert layouts[0] == 0


@pytest.mark.anyio
async def test_the_next_steps_options_are_found_once_the_frame_is_out(tmp_path: Path) -> None:
    async with derived_view_of(_reasoning_transcript(tmp_path / "warm.jsonl", 6)) as (
            app, pilot):
        await pilot.press("l", "l")
        await settle(pilot)
        task = implicit_view.task_of(app.store.header if app.store else None)
        ahead = _text("warm", 3)
        hits = implicit_view._decisions.cache_info().hits
        implicit_view.warm_decisions(ahead, task)
        assert implicit_view._decisions.cache_info().hits == hits + 1  # already found
        unvisited = _text("warm", 5)
        misses = implicit_view._decisions.cache_info().misses
        implicit_view.warm_decisions(unvisited, task)
        assert implicit_view._decisions.cache_info().misses == misses + 1


@pytest.mark.anyio
async def test_the_timeline_window_stays_while_the_cursor_moves_inside_it(
    tmp_path: Path,
) -> None:
    path = toy_transcript(tmp_path / "toy.jsonl", scaffold="random-walk", steps=200)
    app = create_app(path, snapshot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.main.query_one(Timeline)
        rows = timeline.size.height

        def first_row() -> str:
            return timeline.render_line(0).text.split()[0]

        assert first_row() == "1"
        for _ in range(rows - SCROLL_MARGIN - 1):
            await pilot.press("l")
        await pilot.pause()
        assert first_row() == "1"  # the cursor moved down the column, the rows did not
        await pilot.press("l")
        await pilot.pause()
        position = app.position
        assert first_row() == str(position - rows // 2 + 1)  # re-centred on the cursor
        await pilot.press("G")
        await pilot.pause()
        assert timeline.render_line(rows - 1).text.split()[0] == str(app.n_steps)
