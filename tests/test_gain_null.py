"""The blind-choice null for the best-so-far gain: exact order statistics and calibration."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.scoring.decisions import RaggedScores
from scaffold.scoring.gain_null import _order_statistic_edges, gain_vs_blind


def _ragged(pools: list[np.ndarray], chosen: list[np.ndarray]) -> RaggedScores:
    offsets = np.concatenate([[0], np.cumsum([len(p) for p in pools])])
    return RaggedScores(np.concatenate(pools), np.concatenate(chosen), offsets)


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[np.ndarray], list[np.ndarray]]:
    n = draw(st.integers(1, 4))
    scores, chosen = [], []
    for _ in range(n):
        k = draw(st.integers(2, 7))
        m = draw(st.integers(1, k - 1))
        scores.append(np.array(draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k)), float))
        chosen.append(np.arange(k) < m)
    return scores, chosen


@settings(max_examples=150, deadline=None)
@given(pools())
def test_blind_best_kept_distribution_is_the_exact_subset_enumeration(case) -> None:
    scores, chosen = case
    best_first, edges = _order_statistic_edges(_ragged(scores, chosen))
    start = 0
    for i, (pool, sel) in enumerate(zip(scores, chosen, strict=True)):
        k, m = len(pool), int(sel.sum())
        cdf = edges[start:start + k] - i
        probs = np.diff(np.concatenate([[0.0], cdf]))
        model: dict[float, float] = {}
        for value, p in zip(best_first[start:start + k], probs, strict=True):
            model[value] = model.get(value, 0.0) + p
        subsets = list(combinations(range(k), m))
        exact: dict[float, float] = {}
        for subset in subsets:
            best = float(max(pool[list(subset)]))
            exact[best] = exact.get(best, 0.0) + 1 / len(subsets)
        assert set(model) >= set(exact)
        for value, p in model.items():
            assert abs(p - exact.get(value, 0.0)) < 1e-9
        start += k


def _runs(greedy: bool, n_runs: int, seed: int, *, local: bool) -> np.ndarray:
    """`local`: pools are moves from the best kept point, so they follow the choice, as in a
    real search; otherwise every pool is drawn afresh (where the null is exact)."""
    rng = np.random.default_rng(seed)
    out = []
    for run in range(n_runs):
        scores, chosen, here = [], [], 0.0
        for _ in range(20):
            pool = here + rng.normal(size=5)
            keep = np.argsort(-pool)[:2] if greedy else rng.choice(5, 2, replace=False)
            sel = np.zeros(5, bool)
            sel[keep] = True
            scores.append(pool)
            chosen.append(sel)
            here = float(pool[keep].max()) if local else 0.0
        g = gain_vs_blind(_ragged(scores, chosen), draws=200, seed=run)
        assert g is not None
        out.append(g.p_value)
    return np.array(out)


def test_blind_choice_from_fresh_pools_gets_uniform_p_values() -> None:
    blind = _runs(greedy=False, n_runs=300, seed=0, local=False)
    assert 0.02 <= (blind < 0.05).mean() <= 0.09
    assert 0.35 <= (blind < 0.5).mean() <= 0.65


def test_blind_local_walk_is_not_called_a_gain_and_a_greedy_climb_is() -> None:
    assert (_runs(greedy=False, n_runs=200, seed=2, local=True) < 0.05).mean() <= 0.09
    assert (_runs(greedy=True, n_runs=50, seed=1, local=True) < 0.05).mean() >= 0.9


def test_no_test_with_fewer_than_two_decisions() -> None:
    assert gain_vs_blind(_ragged([np.array([1.0, 2.0])], [np.array([True, False])])) is None
