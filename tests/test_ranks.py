"""`scoring.ranks` gives scipy's floats exactly: average ranks by row, and Spearman's ρ."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import rankdata, spearmanr

from scaffold.scoring.ranks import PAIRWISE_MAX, average_ranks, spearman

# few distinct values, so ties are common; infinities and signed zeros included
VALUES = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 2.5, -3.0, np.inf, -np.inf]),
    st.floats(allow_nan=False, width=64),
)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6), st.integers(1, PAIRWISE_MAX + 3), st.data())
def test_average_ranks_are_scipys(n_rows: int, k: int, data: st.DataObject) -> None:
    rows = data.draw(arrays(np.float64, (n_rows, k), elements=VALUES))
    got = average_ranks(rows)
    want = rankdata(rows, method="average", axis=1)
    assert got.dtype == want.dtype == np.float64
    assert np.array_equal(got, want)


def test_rows_with_nan_are_ranked_as_scipy_ranks_them() -> None:
    rows = np.array([[1.0, np.nan, 2.0], [3.0, 3.0, 1.0]])
    assert np.array_equal(average_ranks(rows), rankdata(rows, method="average", axis=1),
                          equal_nan=True)


@settings(max_examples=300, deadline=None)
@given(st.integers(3, 60), st.data())
def test_spearman_is_scipys(n: int, data: st.DataObject) -> None:
    x = data.draw(arrays(np.float64, n, elements=VALUES.filter(np.isfinite)))
    y = data.draw(arrays(np.float64, n, elements=st.integers(-3, 3).map(float)))
    if not (x.min() < x.max() and y.min() < y.max()):
        return  # the caller never asks for ρ of a constant
    assert spearman(x, y) == float(spearmanr(x, y).statistic)
