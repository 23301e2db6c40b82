"""Known answers for searches that others write: MCTS (UCT), depth-first search, and trees
logged without scores. `benchmarks/calibrate_scoring.py --trees` runs the same at scale."""

from __future__ import annotations

import pytest

from scaffold.scoring.incremental import IncrementalScorer
from scaffold.scoring.scorer import score_events
from scaffold.simulators import CHAIN_LIKE, TREE_PROCESSES, simulate
from scaffold.simulators.suite import SuiteRun, run_suite, search_rate
from scaffold.simulators.trees import strip_scores
from scaffold.transcript.events import HeaderEvent

TREE_SEARCHES = tuple(name for name, spec in TREE_PROCESSES.items() if spec.is_search)
TREE_NULLS = tuple(name for name, spec in TREE_PROCESSES.items() if not spec.is_search)


@pytest.fixture(scope="module")
def runs() -> list[SuiteRun]:
    return run_suite(TREE_SEARCHES, range(100, 110)) + run_suite(TREE_NULLS, range(15))


@pytest.mark.parametrize("process", TREE_SEARCHES)
def test_uct_and_depth_first_search_are_found_at_30_decisions(runs, process) -> None:
    mine = [r for r in runs if r.process == process]
    assert len(mine) == 20
    assert search_rate(mine) >= 0.9


@pytest.mark.parametrize("process", TREE_NULLS)
def test_their_decorative_twins_are_not_called_search(runs, process) -> None:
    mine = [r for r in runs if r.process == process]
    assert len(mine) == 30
    assert search_rate(mine) <= 0.02
    assert not any(r.verdict == "untestable" for r in mine)


def test_uct_is_tested_on_value_given_exploration_and_forced_visits_are_left_out() -> None:
    report = score_events(simulate("uct", "vector", 3))
    assert report.explore is not None and report.explore.n_tied > 0
    assert report.explore.p_value < 0.01 and report.explore.beta_value > 0
    assert report.counts.forced >= 4
    assert any(w.kind == "not-evaluated" for w in report.warnings)
    scorer = IncrementalScorer()
    scorer.add_events(ev for ev in simulate("uct", "vector", 3) if not isinstance(ev, HeaderEvent))
    tested = scorer.explore_decisions("q-value")
    assert len(tested) == report.explore.n_decisions
    assert 30 <= len(tested) + report.counts.forced <= 30 * 2


def test_depth_first_visit_order_becomes_stages_and_the_prune_narrows_them() -> None:
    report = score_events(simulate("dfs", "string", 5))
    assert report.counts.ordered_stages > 0
    assert report.selection is not None and report.selection.u_bar > 0.75
    assert report.tree is not None and report.tree.prunes > 0


@pytest.mark.parametrize("process", sorted(CHAIN_LIKE))
def test_chain_like_processes_without_scores_are_undetermined(process) -> None:
    for seed in range(10):
        for objective in ("vector", "string"):
            report = score_events(simulate(process, objective, seed))
            assert report.regime == "C"
            assert report.verdict == "undetermined", (seed, objective, report.tree)


@pytest.mark.parametrize("process", ["uct", "uct_blind", "dfs", "dfs_blind"])
def test_trees_without_scores_are_exploration_and_never_search(process) -> None:
    verdicts = [score_events(strip_scores(simulate(process, objective, seed))).verdict
                for seed in range(10) for objective in ("vector", "string")]
    assert not any(v.is_search for v in verdicts)
    assert sum(v == "exploration-without-scores" for v in verdicts) >= 0.9 * len(verdicts)


def test_the_card_shows_the_new_tests_and_labels() -> None:
    from scaffold.scoring.card import render_card

    uct = [row.plain() for row in render_card(score_events(simulate("uct", "string", 4)))]
    assert uct[0].startswith("VERDICT     SEARCH")
    assert any(row.startswith("Explore") and "tie groups" in row for row in uct)
    bare = score_events(strip_scores(simulate("dfs", "vector", 4)))
    rows = [row.plain() for row in render_card(bare)]
    assert "EXPLORATION WITHOUT SCORES" in rows[0]
    assert any(row.startswith("Tree") and "branch points below the root" in row for row in rows)
    assert bare.to_dict()["verdict"] == "exploration-without-scores"


def test_uct_runs_pool_on_value_given_exploration() -> None:
    from scaffold.scoring.scorer import pool

    reports = [score_events(simulate("uct", "vector", seed, decisions=12)) for seed in range(3)]
    pooled = pool(reports)
    assert pooled.explore is not None
    assert pooled.explore.n_decisions == sum(r.explore.n_decisions for r in reports)
    assert pooled.verdict.is_search and pooled.fisher is not None
    assert pooled.fisher["n_runs"] == 3
