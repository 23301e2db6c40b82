"""What the card says when decisions cannot be tested: all tied, or too few to disagree."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.scoring import render_card, score_events
from scaffold.scoring.decisions import RaggedScores
from scaffold.scoring.selection_test import midrank_percentiles, min_attainable_p
from tests.test_scoring_report import _step


def test_selections_whose_scores_are_all_tied_are_counted_not_called_unrecorded() -> None:
    evs = [e for t in range(4) for e in _step(t, [0.0, 0.0, 0.0], [t % 3])]
    report = score_events(evs)
    assert report.n_decisions == 0
    assert report.counts.all_tied == 4
    assert report.counts.steps_with_select == 4
    text = " / ".join(str(w) for w in report.warnings)
    assert "4 decisions left out: all scores tied" in text
    assert "no scored selections recorded" not in text
    assert "no scores or objective recorded" not in text


def test_one_tied_decision_is_singular() -> None:
    evs = _step(0, [1.0, 1.0], [0]) + _step(1, [1.0, 2.0, 3.0], [2])
    assert any(str(w) == "1 decision left out: all scores tied"
               for w in score_events(evs).warnings)


def test_a_scorer_with_one_decision_cannot_diverge() -> None:
    """The internal scorer picks its best 12 times; the external one scored one step only:
    its p = 1 is no evidence against the internal test, so no DIVERGE and no warning."""
    rng = np.random.default_rng(1)
    evs = []
    for t in range(12):
        own = list(rng.normal(size=5))
        truth = list(-np.array(own)) if t == 0 else None
        evs += _step(t, own, [int(np.argmax(own))],
                     extra=[("judge", truth, "external")] if truth else None)
    report = score_events(evs)
    assert report.by_scorer["judge"].n_decisions == 1
    assert report.disagreement is not None
    assert report.disagreement["diverges"] is False
    assert not any("disagree" in str(w) for w in report.warnings)
    card = " / ".join(row.text for row in render_card(report))
    assert "DIVERGE" not in card
    assert "(1 decision)" in card


def _brute_force_min_p(r: RaggedScores) -> float:
    """P(blind selection reaches the largest ū), over every kept set of every decision."""
    u = midrank_percentiles(r)
    means_per_decision = []
    for i in range(r.n):
        lo, hi = int(r.offsets[i]), int(r.offsets[i + 1])
        m = int(r.selected[lo:hi].sum())
        means_per_decision.append([np.mean(u[lo:hi][list(c)])
                                   for c in itertools.combinations(range(hi - lo), m)])
    best = sum(max(ms) for ms in means_per_decision)
    hits = sum(1 for combo in itertools.product(*means_per_decision)
               if sum(combo) >= best - 1e-12)
    return hits / math.prod(len(ms) for ms in means_per_decision)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, 3), min_size=2, max_size=5), st.data()),
                min_size=1, max_size=3))
def test_min_attainable_p_is_the_enumerated_one(decisions: list) -> None:
    scores, selected, sizes = [], [], []
    for values, data in decisions:
        k = len(values)
        m = data.draw(st.integers(1, k - 1))
        kept = set(data.draw(st.permutations(range(k)))[:m])
        scores += [float(v) for v in values]
        selected += [j in kept for j in range(k)]
        sizes.append(k)
    r = RaggedScores(np.array(scores), np.array(selected),
                     np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
    assert math.isclose(min_attainable_p(r), _brute_force_min_p(r), rel_tol=1e-9)


def _min_p_one_at_a_time(r: RaggedScores) -> float:
    """`min_attainable_p` as it was: each decision's boundary counted on its own."""
    u = midrank_percentiles(r)
    log_p = 0.0
    for i in range(r.n):
        lo, hi = int(r.offsets[i]), int(r.offsets[i + 1])
        k, m = hi - lo, int(r.selected[lo:hi].sum())
        ranked = np.sort(u[lo:hi])[::-1]
        edge = ranked[m - 1]
        above, tied = int((ranked > edge).sum()), int((ranked == edge).sum())
        log_p += math.log(math.comb(tied, m - above)) - math.log(math.comb(k, m))
    return math.exp(log_p)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5, -1.0]), min_size=2,
                                   max_size=7), st.data()), min_size=0, max_size=12))
def test_min_attainable_p_by_size_is_the_one_at_a_time_float(decisions: list) -> None:
    """Decisions of several sizes, interleaved, with ties: the same float, not a close one."""
    scores, selected, sizes = [], [], []
    for values, data in decisions:
        k = len(values)
        m = data.draw(st.integers(1, k - 1))
        kept = set(data.draw(st.permutations(range(k)))[:m])
        scores += values
        selected += [j in kept for j in range(k)]
        sizes.append(k)
    r = RaggedScores(np.array(scores, dtype=float), np.array(selected, dtype=bool),
                     np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
    assert min_attainable_p(r) == _min_p_one_at_a_time(r)
