"""The selection statistics: invariances, exact limits and calibration of the permutation test."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.scoring.choice_model import ChoiceModel
from scaffold.scoring.decisions import Decision, RaggedScores
from scaffold.scoring.effects import excess_op_bits, selection_differentials
from scaffold.scoring.selection_stats import selection_stats
from scaffold.scoring.selection_test import midrank_percentiles, selection_test


def _ragged(scores: list[list[float]], kept: list[list[int]]) -> RaggedScores:
    decisions = []
    for i, (v, keep) in enumerate(zip(scores, kept, strict=True)):
        sel = np.zeros(len(v), bool)
        sel[keep] = True
        decisions.append(Decision(i, tuple(f"c{j}" for j in range(len(v))), np.array(v, float),
                                  sel))
    return RaggedScores.from_decisions(decisions)


decision = st.integers(2, 7).flatmap(
    lambda k: st.tuples(
        st.lists(st.integers(-5, 5).map(float), min_size=k, max_size=k).filter(
            lambda v: len(set(v)) > 1),
        st.lists(st.integers(0, k - 1), min_size=1, max_size=k - 1, unique=True),
    )
)
runs = st.lists(decision, min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(runs, st.randoms(use_true_random=False))
def test_relabelling_candidates_does_not_change_u(data, rnd) -> None:
    scores = [list(v) for v, _ in data]
    kept = [list(k) for _, k in data]
    shuffled_scores, shuffled_kept = [], []
    for v, keep in zip(scores, kept, strict=True):
        order = list(range(len(v)))
        rnd.shuffle(order)
        where = {old: new for new, old in enumerate(order)}
        shuffled_scores.append([v[i] for i in order])
        shuffled_kept.append([where[i] for i in keep])
    a = selection_test(_ragged(scores, kept), draws=200, seed=1)
    b = selection_test(_ragged(shuffled_scores, shuffled_kept), draws=200, seed=1)
    assert np.isclose(a.u_bar, b.u_bar)
    assert np.allclose(np.sort(a.per_decision), np.sort(b.per_decision))
    assert np.isclose(a.z, b.z)


@settings(max_examples=40, deadline=None)
@given(runs)
def test_monotone_transform_of_scores_changes_neither_u_nor_p(data) -> None:
    scores = [list(v) for v, _ in data]
    kept = [list(k) for _, k in data]
    warped = [[float(np.exp(x / 2) * 7 - 3) for x in v] for v in scores]
    a = selection_stats(_ragged(scores, kept), "s", "internal", draws=300, with_power=False)[0]
    b = selection_stats(_ragged(warped, kept), "s", "internal", draws=300, with_power=False)[0]
    assert np.isclose(a.u_bar, b.u_bar)
    assert a.p_value == b.p_value
    assert np.isclose(a.beta, b.beta, atol=1e-3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.floats(-100, 100), min_size=2, max_size=9, unique=True),
                min_size=1, max_size=10))
def test_greedy_selector_gives_u_of_one_and_no_excess_below_zero(scores) -> None:
    kept = [[int(np.argmax(v))] for v in scores]
    r = _ragged(scores, kept)
    test = selection_test(r, draws=200)
    assert np.isclose(test.u_bar, 1.0)
    excess, best = excess_op_bits(r)
    assert np.allclose(excess, best)
    assert (selection_differentials(r) > 0).all()


def test_blind_selection_gives_uniform_p_values() -> None:
    rng = np.random.default_rng(7)
    pvals = []
    for _ in range(300):
        k = rng.integers(2, 7, size=20)
        scores = [list(rng.normal(size=n)) for n in k]
        kept = [list(rng.choice(n, size=int(rng.integers(1, n)), replace=False)) for n in k]
        pvals.append(selection_test(_ragged(scores, kept), draws=400,
                                    seed=int(rng.integers(1e9))).p_value)
    pvals = np.array(pvals)
    assert abs(np.mean(pvals < 0.05) - 0.05) < 0.04
    assert abs(np.mean(pvals < 0.5) - 0.5) < 0.1
    assert abs(np.mean(pvals) - 0.5) < 0.06


def test_argmin_selector_has_lower_tail_significance_only() -> None:
    rng = np.random.default_rng(3)
    scores = [list(rng.normal(size=4)) for _ in range(20)]
    kept = [[int(np.argmin(v))] for v in scores]
    stats = selection_stats(_ragged(scores, kept), "s", "internal", draws=2000)[0]
    assert stats.u_bar == 0.0
    assert stats.p_value > 0.99 and stats.p_lower < 0.001
    assert stats.beta is not None and stats.beta < -5


def test_midranks_share_ties() -> None:
    r = _ragged([[1.0, 1.0, 3.0, 0.0]], [[0]])
    assert np.allclose(midrank_percentiles(r), [0.5, 0.5, 1.0, 0.0])


def test_beta_recovers_a_known_softmax_temperature() -> None:
    rng = np.random.default_rng(11)
    scores, kept = [], []
    for _ in range(400):
        v = rng.normal(size=5)
        r1 = _ragged([list(v)], [[0]])
        z = ChoiceModel(r1, midrank_percentiles(r1)).groups[0].z[0]
        p = np.exp(1.5 * z) / np.exp(1.5 * z).sum()
        scores.append(list(v))
        kept.append([int(rng.choice(5, p=p))])
    fit = selection_stats(_ragged(scores, kept), "s", "internal", draws=500,
                          with_power=False)[0]
    assert fit.beta_ci is not None and fit.beta_ci[0] < 1.5 < fit.beta_ci[1]
    assert not fit.beta_capped


def test_beam_null_keeps_subset_size() -> None:
    rng = np.random.default_rng(5)
    scores = [list(rng.normal(size=8)) for _ in range(6)]
    kept = [list(np.argsort(v)[-3:]) for v in scores]
    test = selection_test(_ragged(scores, kept), draws=3000)
    assert np.isclose(test.u_bar, np.mean([6 / 7, 5 / 7, 1.0]))
    assert test.null.max() <= test.u_bar + 1e-9
    assert test.p_value < 0.001
    assert np.isclose(test.null.mean(), 0.5, atol=0.01)
