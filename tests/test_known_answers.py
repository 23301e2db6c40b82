"""Known-answer suite: the scorer's verdicts on processes whose ground truth we wrote ourselves.

A moderate number of runs keeps this under a minute; `benchmarks/calibrate_scoring.py` runs the
same suite at scale and its table is in docs/scoring.md.
"""

from __future__ import annotations

import numpy as np
import pytest

from scaffold.simulators import NULLS, PROCESSES, simulate
from scaffold.simulators.suite import SuiteRun, auc, run_suite, search_rate

NULL_SEEDS = range(15)
POWER_SEEDS = range(100, 110)
OTHER_SEEDS = range(200, 205)
MUST_FIND = ("hill_climb", "best_of_n", "beam")


@pytest.fixture(scope="module")
def runs() -> list[SuiteRun]:
    others = [p for p in PROCESSES if PROCESSES[p].is_search and p not in MUST_FIND]
    return (run_suite(NULLS, NULL_SEEDS) + run_suite(MUST_FIND, POWER_SEEDS)
            + run_suite(others, OTHER_SEEDS))


@pytest.mark.parametrize("process", NULLS)
def test_no_null_is_called_search_in_more_than_2_percent_of_runs(runs, process) -> None:
    mine = [r for r in runs if r.process == process]
    assert len(mine) == 2 * len(NULL_SEEDS)
    assert search_rate(mine) <= 0.02


@pytest.mark.parametrize("process", MUST_FIND)
def test_hill_climbing_best_of_n_and_beam_are_found_at_30_decisions(runs, process) -> None:
    mine = [r for r in runs if r.process == process]
    assert search_rate(mine) >= 0.8


def test_selection_z_separates_search_from_non_search(runs) -> None:
    z = np.array([r.z for r in runs])
    labels = np.array([r.is_search for r in runs])
    assert auc(z, labels) >= 0.97


def test_anti_search_and_amortised_improver_are_not_search(runs) -> None:
    anti = [r for r in runs if r.process == "anti_search"]
    assert all(r.u_bar < 0.3 and r.verdict == "no-evidence" for r in anti)
    improver = [r for r in runs if r.process == "amortized_improver"]
    assert np.mean([r.verdict == "optimisation-without-search" for r in improver]) >= 0.3


def test_simulators_are_deterministic_and_write_real_transcripts(tmp_path) -> None:
    from scaffold.scoring import score_transcript
    from scaffold.transcript import TranscriptWriter, read_transcript

    a, b = simulate("mcts", "string", 9, decisions=12), simulate("mcts", "string", 9, decisions=12)
    assert [e.model_dump_json() for e in a] == [e.model_dump_json() for e in b]
    path = tmp_path / "mcts.jsonl"
    with TranscriptWriter(path, a[0]) as w:
        for ev in a[1:]:
            w.write(ev)
    header, events, truncated = read_transcript(path)
    assert header.scaffold == "mcts" and not truncated and len(events) == len(a) - 1
    assert score_transcript(path).n_decisions == 12
