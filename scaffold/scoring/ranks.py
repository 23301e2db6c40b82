"""Average ranks and Spearman's ρ with the same floats as scipy's, at a fraction of its cost.

Every report ranks each decision's scores (`selection_test.midrank_percentiles`) and, when a
loop records both kinds of evaluation, correlates them (`incremental._disagreement`). scipy's
`rankdata` and `spearmanr` check and reshape their inputs on every call, which costs more than
the ranking itself on the few candidates of a decision: scoring thousands of one-trace
transcripts (`import reasoning`) paid that overhead thousands of times.

Average ranks are whole or half numbers, so any correct method gives scipy's floats exactly:
rows of at most `PAIRWISE_MAX` values are ranked by comparing every pair, in one numpy call
for all rows; longer rows, and rows holding NaN (which scipy propagates), go to scipy.
`tests/test_ranks.py` checks both functions against scipy with Hypothesis.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

PAIRWISE_MAX = 32
"""Longest row ranked by comparing pairs (k² booleans a row); longer rows are sorted."""


def average_ranks(rows: np.ndarray) -> np.ndarray:
    """`rankdata(rows, method="average", axis=1)` for a 2-D float array."""
    if rows.shape[1] > PAIRWISE_MAX or np.isnan(rows).any():
        return rankdata(rows, method="average", axis=1)
    below = (rows[:, None, :] < rows[:, :, None]).sum(axis=2)
    tied = (rows[:, None, :] == rows[:, :, None]).sum(axis=2)  # itself included
    return below + (tied + 1) / 2


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """`scipy.stats.spearmanr(x, y).statistic` for two 1-D arrays of equal length, neither
    constant nor holding NaN (the caller checks)."""
    ranked = np.column_stack([_ranks_1d(x), _ranks_1d(y)])
    return float(np.corrcoef(ranked, rowvar=False)[1, 0])


def _ranks_1d(x: np.ndarray) -> np.ndarray:
    """Average ranks of a 1-D array by sorting, as scipy computes them."""
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    counts = np.diff(starts, append=len(x))
    ranks = np.empty(len(x))
    ranks[order] = np.repeat(starts + 1 + (counts - 1) / 2, counts)
    return ranks
