"""Small helpers for Pilot tests: settle the app, read the status line and the screen text."""

from __future__ import annotations

import pytest
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


def screen_text(app: MesascopeApp) -> str:
    """The composed screen as plain text (what a terminal would show, minus colours)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def screen_segments(app: MesascopeApp) -> list[str]:
    return [seg.text for strip in app.screen._compositor.render_strips() for seg in strip]
