"""A pooled report says what its verdict hides: runs of different systems (loop, scaffold,
model) pooled together, and runs left out because another scorer judged their decisions."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold.implicit.derive import derive_file, write_derived
from scaffold.implicit.score import score_implicit_file
from scaffold.scoring import pool, score_transcript
from scaffold.scoring.report_warnings import WarningKind
from tests.conftest import REPO
from tests.simulated_runs import run_score, write_simulated

EXAMPLES = REPO / "transcripts"


def _kinds(report) -> list[WarningKind]:
    return [w.kind for w in report.warnings]


def test_runs_of_one_system_pool_without_a_warning(tmp_path: Path) -> None:
    runs = [score_transcript(write_simulated(tmp_path / f"hill-{s}.jsonl", "hill_climb", s))
            for s in (1, 2, 3)]
    assert {r.system for r in runs} == {"simulator/hill_climb (none)"}
    pooled = pool(runs)
    assert WarningKind.MIXED_SYSTEMS not in _kinds(pooled)
    assert WarningKind.POOL_LEFT_OUT not in _kinds(pooled)


def test_a_pool_of_different_systems_names_them_with_their_counts(tmp_path: Path) -> None:
    runs = [score_transcript(write_simulated(tmp_path / f"{p}-{s}.jsonl", p, s))
            for p, s in (("hill_climb", 1), ("random_walk", 2), ("hill_climb", 3))]
    pooled = pool(runs)
    [mixed] = [w for w in pooled.warnings if w.kind == WarningKind.MIXED_SYSTEMS]
    assert ("2 different systems (2 × simulator/hill_climb (none); "
            "1 × simulator/random_walk (none))") in mixed.text


def test_runs_judged_by_another_scorer_are_said_to_be_left_out() -> None:
    runs = [score_transcript(EXAMPLES / name) for name in
            ("example-hill-climb.jsonl", "example-random-walk.jsonl",
             "example-diffusion-best-of-n.jsonl")]
    kept = runs[0].decision_set.scorer
    other = runs[2].decision_set.scorer
    assert kept != other and runs[1].decision_set.scorer == kept
    pooled = pool(runs)
    [left] = [w for w in pooled.warnings if w.kind == WarningKind.POOL_LEFT_OUT]
    assert left.text == (f"1 run left out of the pool: their decisions are judged by {other}, "
                         f"the pool's by {kept}")
    assert pooled.n_decisions == runs[0].n_decisions + runs[1].n_decisions


def test_derived_decisions_name_the_system_of_their_source(tmp_path: Path) -> None:
    source = EXAMPLES / "example-compare-game24.jsonl"
    on_the_fly = score_implicit_file(source)
    derived = tmp_path / "compare.implicit.jsonl"
    write_derived(derive_file(source), derived)
    assert on_the_fly.system == score_transcript(derived).system == score_transcript(source).system


def test_the_pooled_card_and_json_carry_the_warning(tmp_path: Path) -> None:
    a = write_simulated(tmp_path / "a.jsonl", "hill_climb", 1)
    b = write_simulated(tmp_path / "b.jsonl", "beam", 2)
    card = run_score(str(a), str(b), "--pool")
    assert card.returncode == 0, card.stderr
    assert "Warning     pooled runs come from 2 different systems" in card.stdout
    rows = [json.loads(line) for line in run_score(str(tmp_path), "--pool", "--json").stdout
            .splitlines()]
    assert not any("different systems" in w for r in rows[:2] for w in r["warnings"])
    assert any("different systems" in w for w in rows[2]["warnings"])


def test_a_run_of_few_decisions_is_told_to_pool_runs_of_its_system(tmp_path: Path) -> None:
    texts = {}
    for n in (1, 3):
        report = score_transcript(write_simulated(tmp_path / f"{n}.jsonl", "hill_climb", 5, n))
        [few] = [w for w in report.warnings if w.kind == WarningKind.FEW_DECISIONS]
        texts[report.selection.n_decisions] = few.text
    assert texts == {1: "only 1 decision: pool runs of the same system (--pool)",
                     3: "only 3 decisions: pool runs of the same system (--pool)"}
