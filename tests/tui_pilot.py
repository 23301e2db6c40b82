"""Small helpers for Pilot tests: settle the app, read the status line and the screen text."""

from __future__ import annotations

import html
import re

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from tui.app import MesascopeApp

SIZE = (140, 45)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio through anyio's pytest plugin."""
    return "asyncio"


def keys_for(text: str) -> list[str]:
    """Key names that type `text` into an Input."""
    return ["space" if ch == " " else ch for ch in text]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and their messages are handled."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return


def status(app: MesascopeApp) -> str:
    return str(app.main.query_one("#status").render())


SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>', re.S)
CELL_PX = 12.2
"""Width of one cell in Textual's SVG screenshot."""


def _screenshot_runs(app: MesascopeApp) -> list[tuple[int, int, str]]:
    """(row, column, text) of every run of text in the app's own screenshot (its public
    `export_screenshot`), i.e. what the screen shows, unescaped."""
    svg = app.export_screenshot()
    return [(int(line), round(float(x) / CELL_PX), _plain(text))
            for x, line, text in SVG_TEXT.findall(svg)]


def _plain(svg_text: str) -> str:
    return html.unescape(svg_text).replace("\xa0", " ").replace("\n", "")


def screen_text(app: MesascopeApp) -> str:
    """The screen as plain text (what a terminal would show, minus colours)."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for row, col, text in _screenshot_runs(app):
        rows.setdefault(row, []).append((col, text))
    lines = []
    for row in range(max(rows) + 1 if rows else 0):
        line = ""
        for col, text in sorted(rows.get(row, [])):
            line += " " * (col - cell_len(line)) + text
        lines.append(line)
    return "\n".join(lines)


def screen_segments(app: MesascopeApp) -> list[str]:
    """Every run of text the screen shows, one style at a time."""
    return [text for _, _, text in _screenshot_runs(app)]


def notifications(app: MesascopeApp) -> list[str]:
    """The notifications on screen now (Textual's toasts), as plain text."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
