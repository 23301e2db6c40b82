"""The public loop API: a user's SearchLoop from docs/loops.md run headless and live, forked,
replayed and scored; its evaluator hook; the Recorder on plain code; bad user loops."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from scaffold.api import Recorder, SearchLoop, build_loop, drive
from scaffold.errors import InputError
from scaffold.loops.runner import LoopRunner
from scaffold.transcript import read_transcript
from tests.conftest import REPO
from tests.docs_examples import doc_example
from tests.tui_pilot import SIZE, anyio_backend, settle, status
from tui.app import create_app

__all__ = ["anyio_backend"]


@pytest.fixture
def climb(tmp_path: Path) -> str:
    path = tmp_path / "climb.py"
    path.write_text(doc_example("search-loop"))
    return f"{path}:Climb"


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_the_docs_loop_runs_headless_with_its_settings_and_scores_as_a_search(
    climb: str, tmp_path: Path
) -> None:
    out = tmp_path / "climb.jsonl"
    done = cli("run", "--loop", climb, "--headless", "--seed", "3", "--steps", "40",
               "--set", "step=10", "--out", str(out))
    assert done.returncode == 0, done.stderr
    header, events, truncated = read_transcript(out)
    assert not truncated and header.scaffold == "Climb"
    assert header.config["step"] == 10 and header.seed == 3
    states = [e for e in events if e.event == "state"]
    assert int(states[-1].text) == 42 and states[-1].final, "it climbs to the optimum"
    scored = cli("score", "--json", str(out))
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout.splitlines()[0])
    assert report["verdict"].startswith("search-"), report["verdict"]


def test_a_bad_setting_of_a_user_loop_is_one_line(climb: str, tmp_path: Path) -> None:
    done = cli("run", "--loop", climb, "--headless", "--set", "step=0",
               "--out", str(tmp_path / "x.jsonl"))
    assert done.returncode == 2
    assert done.stderr.strip() == ("mesascope: --set step: Input should be greater than or "
                                   "equal to 1")


def test_broken_user_loop_files_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("raise RuntimeError('boom')\n")
    (tmp_path / "noloop.py").write_text("class NotALoop:\n    pass\n")
    for spec, says in [(f"{tmp_path}/bad.py:X", "import failed: RuntimeError: boom"),
                       (f"{tmp_path}/noloop.py:Missing", "no class named 'Missing'"),
                       (f"{tmp_path}/noloop.py:NotALoop", "NotALoop has no start or fork()")]:
        done = cli("run", "--loop", spec, "--headless", "--out", str(tmp_path / "x.jsonl"))
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert says in done.stderr, done.stderr


@pytest.mark.anyio
async def test_the_docs_loop_runs_live_forks_and_replays(climb: str, tmp_path: Path) -> None:
    from functools import partial

    out = tmp_path / "live.jsonl"
    app = create_app(loop_factory=partial(build_loop, climb, {"seed": 1}), out=out, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        await pilot.press("g", "f")  # fork from the first step
        await pilot.press("enter")
        await settle(pilot)
        assert "live: paused" in status(app)
    _, events, _ = read_transcript(out)
    forks = [e for e in events if e.event == "fork"]
    assert len(forks) == 1 and forks[0].from_step == 0 and forks[0].seed == 2
    replay = create_app(out)
    async with replay.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert replay.n_steps == len({e.step for e in events})
        card = str(replay.main.query_one("#card").render())
        assert "VERDICT" in card and f"all {replay.n_steps} steps scored" in card


class Flat(SearchLoop):
    def initial(self, rng: random.Random) -> str:
        return "0"

    def propose(self, state: str, rng: random.Random) -> list[str]:
        return [str(int(state) + d) for d in (-1, 1, 2)]

    def evaluate(self, state: str, candidates: Sequence[str]) -> list[float]:
        return [float(c) for c in candidates]


def test_the_evaluator_hook_is_what_select_sees(tmp_path: Path) -> None:
    loop = Flat()
    loop.evaluator = lambda _state, cands: [-float(c) for c in cands]  # an inverted evaluator
    runner = LoopRunner(loop, tmp_path / "flat.jsonl")
    drive(runner, limit=3)
    runner.close()
    _, events, _ = read_transcript(tmp_path / "flat.jsonl")
    states = [e.text for e in events if e.event == "state"]
    assert states == ["0", "-1", "-2"], "select follows the replaced scores"
    assert {e.value for e in events if e.event == "score" and e.step == 0} == {1.0, -1.0, -2.0}


def test_the_evaluator_must_score_every_candidate(tmp_path: Path) -> None:
    loop = Flat()
    loop.evaluator = lambda _state, _cands: [1.0]
    runner = LoopRunner(loop, tmp_path / "short.jsonl")
    with pytest.raises(InputError, match="1 scores for 3 candidates"):
        drive(runner, limit=1)
    runner.close()


def test_the_recorder_writes_each_call_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "rec.jsonl"
    with Recorder(path, scaffold="best-of-n", seed=1) as rec:
        rec.state("start", objective=0.0)
        ids = rec.decide(["a", "bb", "ccc"], {"len": [1, 2, 3], "oracle": [0, None, 1]}, 2)
        _, partial_events, _ = read_transcript(path)
        assert [e.event for e in partial_events][-1] == "select", "on disk before close"
        rec.state("ccc", objective=3.0, final=True)
        rec.error("judge timed out", kind="backend")
        with pytest.raises(InputError, match="chosen 7 is not a candidate index"):
            rec.decide(["x"], [1.0], 7)
    header, events, truncated = read_transcript(path)
    assert header.loop == "recorded" and not truncated and ids == ["0.0", "0.1", "0.2"]
    scores = [(e.scorer, e.candidate, e.value) for e in events if e.event == "score"]
    assert ("oracle", "0.1", None) in scores and ("len", "0.2", 3.0) in scores
    assert [e.event for e in events if e.step == 1] == ["state", "error", "metrics"]
    with pytest.raises(InputError, match="call state\\(\\) first"):
        Recorder(tmp_path / "empty.jsonl").decide(["x"], [1.0], 0)
