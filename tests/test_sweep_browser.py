"""The run browser (`replay DIR` on a sweep): the table, filter, sort, Enter to a run's replay
and Escape back, and a pooled selection that agrees with `score --pool` on the same files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from scaffold.sweep.index import load_index
from tests.sweep_fixtures import make_sweep
from tests.test_sweep_spec import mesascope
from tests.tui_pilot import SIZE, anyio_backend, keys_for, settle
from tui.screens.runs import BrowserState, RunsApp, pooled_line, run_replay_app
from tui.screens.runs_table import RunTable

__all__ = ["anyio_backend"]

TOY = """loop = "toy"
scaffolds = ["hill-climb", "random-walk"]
seeds = 3
[settings]
steps = 15
"""


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sweep(tmp_path_factory.mktemp("browse"), TOY)


def cells(app: RunsApp, column: str) -> list[str]:
    """A column as the table holds it."""
    table = app.query_one(RunTable)
    return [row[column] for row in table.rows]


def status(app: RunsApp) -> str:
    return str(app.query_one("#status", Static).render())


async def type_filter(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("slash", "ctrl+a", "ctrl+k", *keys_for(text), "enter")
    await pilot.pause()


@pytest.mark.anyio
async def test_the_table_lists_every_run_with_configuration_and_verdict(sweep: Path) -> None:
    app = RunsApp(sweep)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.query_one(RunTable).row_count == 6
        assert {"run", "scaffold", "seed", "status", "verdict", "u_bar", "p_value"} <= set(
            app.columns)
        assert "transcript" not in app.columns
        assert sorted(cells(app, "scaffold")) == ["hill-climb"] * 3 + ["random-walk"] * 3
        assert status(app) == "6 of 6 runs"


@pytest.mark.anyio
async def test_filter_and_sort_and_a_bad_filter_says_why(sweep: Path) -> None:
    app = RunsApp(sweep)
    async with app.run_test(size=SIZE) as pilot:
        await type_filter(pilot, "scaffold=hill-climb")
        assert cells(app, "scaffold") == ["hill-climb"] * 3
        assert app.focused is app.query_one(RunTable)
        await type_filter(pilot, "seed>0 random")
        assert sorted(cells(app, "seed")) == ["1", "2"]
        await type_filter(pilot, "")
        app.query_one(RunTable).move_cursor(column=app.columns.index("u_bar"))
        await pilot.press("s")
        values = [float(v) for v in cells(app, "u_bar")]
        assert values == sorted(values) and status(app) == "6 of 6 runs; by u_bar ↑"
        await pilot.press("s")
        assert [float(v) for v in cells(app, "u_bar")] == sorted(values, reverse=True)
        await type_filter(pilot, "colour=red")
        assert status(app) == "filter: no column 'colour'"


@pytest.mark.anyio
async def test_enter_opens_the_highlighted_run_and_escape_comes_back(sweep: Path) -> None:
    state = BrowserState()
    app = RunsApp(sweep, state)
    async with app.run_test(size=SIZE) as pilot:
        await type_filter(pilot, "scaffold=random-walk")
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.return_value == sweep / "runs" / f"{state.cursor_run}.jsonl"
    row = next(r for r in load_index(sweep / "index.csv")[1] if r["run"] == state.cursor_run)
    assert row["scaffold"] == "random-walk"
    replay = run_replay_app(app.return_value)
    async with replay.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press("escape")  # closes the search box first
        await pilot.pause()
        assert replay.is_running
        await pilot.press("escape")
        await pilot.pause()
    assert not replay.is_running and replay.back
    back = RunsApp(sweep, state)  # the browser again, as the user left it
    async with back.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cells(back, "scaffold") == ["random-walk"] * 3
        assert back.highlighted() == row


def score_pool(paths: list[Path]) -> dict[str, Any]:
    scored = mesascope("score", "--pool", "--json", *paths)
    assert scored.returncode == 0, scored.stderr
    return dict(json.loads(scored.stdout.splitlines()[-1]))


@pytest.mark.anyio
async def test_pooled_selection_agrees_with_score_pool(sweep: Path) -> None:
    app = RunsApp(sweep)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        every = str(app.query_one("#pooled", Static).render())
        await type_filter(pilot, "scaffold=hill-climb")
        await pilot.press("p")
        await settle(pilot)
        hill_shown = str(app.query_one("#pooled", Static).render())
    paths = sorted((sweep / "runs").glob("*.jsonl"))  # score --pool DIR/runs/*.jsonl
    assert len(paths) == 6
    assert every == pooled_line(score_pool(paths), 6)
    hill = sorted(sweep / r["transcript"] for r in load_index(sweep / "index.csv")[1]
                  if r["scaffold"] == "hill-climb")
    pooled = score_pool(hill)
    assert hill_shown == pooled_line(pooled, 3)
    assert hill_shown.startswith(f"pooled 3 runs ({pooled['n_decisions']} decisions): search-")


Snap = Callable[..., bool]


def test_browser_snapshot(snap_compare: Snap, sweep: Path) -> None:
    _, rows = load_index(sweep / "index.csv")
    steady = [{**r, "wall_s": "0.010"} for r in rows]  # the one cell that is a timing
    app = RunsApp(sweep, BrowserState(sort_column="p_value", rows=steady))

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
