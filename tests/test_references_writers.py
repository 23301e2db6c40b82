"""Our own writers never break a reference: every transcript they produce checks clean.

Covers the shipped examples, the loops (with a fork, a resumed append and intervention arms),
the simulators, the Recorder API, both importers and the implicit extractor.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from scaffold.api import Recorder
from scaffold.implicit.derive import derive_events
from scaffold.importers.tot import import_tot
from scaffold.importers.tree import import_tree
from scaffold.interventions.kinds import Intervention
from scaffold.interventions.run import make_plan, run_plan
from scaffold.loops.runner import LoopRunner
from scaffold.loops.search_loop import SearchLoopConfig
from scaffold.loops.toy import ToyLoop
from scaffold.run.drive import drive
from scaffold.simulators import ALL_PROCESSES, CHAIN_LIKE, simulate
from scaffold.simulators.intervention_loops import ScoreSelector
from scaffold.transcript import HeaderEvent, read_transcript
from scaffold.transcript.references import check_references
from tests.conftest import REPO, SHARED_DATA
from tests.tui_transcripts import hostile_transcript, image_transcript, toy_transcript

EXAMPLES = sorted((REPO / "transcripts").glob("*.jsonl"))
TOT_LOGS = sorted((SHARED_DATA / "tot_logs").glob("*.json"))


def _problems(path: Path) -> str:
    return check_references(read_transcript(path)[1]).summary()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_transcripts_and_what_extract_derives_from_them_are_clean(path: Path) -> None:
    header, events, _ = read_transcript(path)
    assert check_references(events).summary() == ""
    assert check_references(derive_events(header, events).events).summary() == ""


def test_the_examples_are_all_here() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("process", [*ALL_PROCESSES, *CHAIN_LIKE])
def test_simulated_runs_are_clean(process: str) -> None:
    events = simulate(process, "string", 0, decisions=20)
    assert check_references([e for e in events if not isinstance(e, HeaderEvent)]).total == 0


def test_test_helper_transcripts_are_clean(tmp_path: Path) -> None:
    for path in (toy_transcript(tmp_path / "f.jsonl", fork_from=3, steps=10),
                 toy_transcript(tmp_path / "r.jsonl", scaffold="random-walk", steps=10),
                 image_transcript(tmp_path / "i.jsonl"), hostile_transcript(tmp_path / "h.jsonl")):
        assert _problems(path) == "", path


def test_a_resumed_append_with_a_fork_and_intervention_arms_is_clean(tmp_path: Path) -> None:
    out = tmp_path / "toy.jsonl"
    toy_transcript(out, steps=6)
    before = len(read_transcript(out)[1])
    runner = LoopRunner(ToyLoop(seed=0, n=4, steps=6), out, append=True)
    try:
        runner.fork(runner.tree.order[2], 9)
        for _ in range(3):
            runner.step()
    finally:
        runner.close()
    assert len(read_transcript(out)[1]) > before
    assert _problems(out) == ""
    sel = tmp_path / "sel.jsonl"
    loop = ScoreSelector(SearchLoopConfig(seed=1, steps=5, n=4))
    runner = LoopRunner(loop, sel)
    try:
        drive(runner)
        for kind in ("shuffle", "constant"):
            plan = make_plan(loop, runner.views, runner.tree.order, Intervention.parse(kind),
                             seeds=2)
            run_plan(runner, loop, plan)
    finally:
        runner.close()
    assert _problems(sel) == ""


def test_the_recorder_api_is_clean(tmp_path: Path) -> None:
    out = tmp_path / "rec.jsonl"
    with Recorder(out, scaffold="best-of-n", task="t") as rec:
        for k in range(3):
            rec.state(f"s{k}")
            rec.decide(["a", "b", "c"], {"v": [0.1, 0.9, 0.5], "w": [1, 2, 3]}, [1, 2])
    assert _problems(out) == ""


def test_imported_trees_in_any_node_order_are_clean(tmp_path: Path) -> None:
    rng = random.Random(0)
    for t in range(40):
        nodes: list[dict] = [{"id": "n0"}]
        for i in range(1, rng.randint(2, 15)):
            node = {"id": f"n{i}", "parent": f"n{rng.randint(0, i - 1)}",
                    "pruned": rng.random() < 0.3}
            for key, value in (("value", rng.random()), ("visits", rng.randint(0, 5)),
                               ("order", rng.randint(0, 3))):
                if rng.random() < 0.5:
                    node[key] = value
            nodes.append(node)
        rng.shuffle(nodes)
        src = tmp_path / f"t{t}.json"
        src.write_text(json.dumps({"nodes": nodes}))
        assert _problems(import_tree(src).path) == ""


@pytest.mark.skipif(not TOT_LOGS, reason="the shared ToT logs are not here")
def test_imported_tot_logs_and_their_derived_texts_are_clean(tmp_path: Path) -> None:
    for log in TOT_LOGS:
        for item in import_tot(log, tmp_path / log.stem)[:20]:
            header, events, _ = read_transcript(item.path)
            assert check_references(events).summary() == "", item.path
            assert check_references(derive_events(header, events).events).summary() == ""
