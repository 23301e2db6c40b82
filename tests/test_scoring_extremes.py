"""Scores anywhere in the float range: no numpy warnings, and non-finite scores are counted."""

from __future__ import annotations

import json
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from scaffold.scoring import render_card, score_events
from scaffold.scoring.report import ScoreReport
from scaffold.scoring.report_warnings import WarningKind
from tests.test_scoring_report import _step

DRAWS = 200
EDGES = [1.7e308, -1.7e308, np.finfo(float).max, -np.finfo(float).max, 5e-324, -5e-324, 0.0]
any_finite = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(EDGES)


@st.composite
def runs(draw: st.DrawFn) -> list[tuple[list[float], list[int]]]:
    """A few decisions of 2–6 candidates with scores from the whole float range."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        k = draw(st.integers(2, 6))
        values = draw(st.lists(any_finite, min_size=k, max_size=k))
        keep = draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=k - 1, unique=True))
        out.append((values, keep))
    return out


def _events(run: list[tuple[list[float], list[int]]]) -> list:
    return [ev for t, (values, keep) in enumerate(run) for ev in _step(t, values, keep)]


def _score_strictly(run: list[tuple[list[float], list[int]]]) -> ScoreReport:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return score_events(_events(run), draws=DRAWS)


@settings(max_examples=40, deadline=None)
@given(runs())
def test_extreme_scores_raise_no_numpy_warning_and_write_valid_json(run) -> None:
    report = _score_strictly(run)
    line = report.to_json()
    assert ScoreReport.model_validate_json(line).to_json() == line
    assert all(str(row) for row in render_card(report))


@settings(max_examples=30, deadline=None)
@given(runs())
def test_the_verdict_depends_on_the_order_of_the_scores_not_their_size(run) -> None:
    flat = [v for values, _ in run for v in values]
    ranks = iter(rankdata(flat, method="dense").astype(float))
    ranked = [([next(ranks) for _ in values], keep) for values, keep in run]
    a, b = _score_strictly(run), _score_strictly(ranked)
    assert (a.verdict, a.regime, a.n_decisions) == (b.verdict, b.regime, b.n_decisions)
    if a.selection is not None:
        assert b.selection is not None
        for name in ("u_bar", "p_value", "p_lower", "beta", "op_bits"):
            assert getattr(a.selection, name) == getattr(b.selection, name), name


def test_non_finite_scores_are_counted_and_named_on_the_card() -> None:
    nan, inf = float("nan"), float("inf")
    report = score_events(_step(0, [nan, inf, -inf], [1]) + _step(1, [nan, 2.0, 1.0], [1]))
    assert report.non_finite_scores == 4
    assert [w.kind for w in report.warnings if w.kind == WarningKind.NON_FINITE_SCORES]
    assert any("4 non-finite scores ignored" in row for row in render_card(report))
    assert json.loads(report.to_json())["non_finite_scores"] == 4


def test_only_non_finite_scores_do_not_read_as_no_scores_recorded() -> None:
    report = score_events(_step(0, [float("nan")] * 3, [1]))
    texts = [row.plain() for row in render_card(report)]
    assert report.verdict == "undetermined" and report.non_finite_scores == 3
    assert not any("no scores" in t for t in texts)
    assert any("3 non-finite scores ignored" in t for t in texts)
