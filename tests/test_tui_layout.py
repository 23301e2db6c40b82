"""Panel widths: fixed from 140 columns up, shared in proportion below, so the state pane keeps
room on a narrow terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_pilot import anyio_backend, settle
from tui.app import create_app

__all__ = ["anyio_backend"]
pytestmark = pytest.mark.anyio

EXAMPLE = Path(__file__).parents[1] / "transcripts" / "example-tot-game24.jsonl"


def widths(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {name: app.main.query_one(f"#{name}").outer_size.width
            for name in ("timeline", "state", "card-panel", "candidates", "detail")}


@pytest.mark.parametrize(("size", "state_at_least"), [((140, 45), 56), ((100, 30), 36),
                                                      ((80, 24), 30)])
async def test_the_state_pane_keeps_room(size: tuple[int, int], state_at_least: int) -> None:
    app = create_app(EXAMPLE)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        got = widths(app)
        assert got["state"] >= state_at_least, got
        assert got["timeline"] + got["state"] + got["card-panel"] == size[0], got
        if size[0] >= 140:
            assert (got["timeline"], got["card-panel"], got["detail"]) == (30, 52, 64), got
