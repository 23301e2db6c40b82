"""The primary test: mid-rank percentile of the kept candidates against score-blind selection.

Under blind selection every size-m subset of a decision's scored candidates is equally likely,
whatever generated them. The Monte Carlo null draws such subsets within each decision, keeping m,
so beams, ties and uphill proposals are all handled by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaffold.scoring.decisions import RaggedScores
from scaffold.scoring.ranks import average_ranks

ALPHA = 0.01
"""Significance level of the selection test, for the verdict and for power."""

CHUNK_VALUES = 4_000_000
"""Upper bound on random values held at once by the null sampler."""


def midrank_percentiles(r: RaggedScores) -> np.ndarray:
    """u_ij = (#lower + ½·#tied others) / (k − 1), flat like `r.scores`."""
    u = np.empty_like(r.scores)
    k = r.k
    for size in np.unique(k):
        rows = np.flatnonzero(k == size)
        cols = r.offsets[rows][:, None] + np.arange(size)
        ranks = average_ranks(r.scores[cols])
        u[cols] = (ranks - 1.0) / (size - 1)
    return u


def min_attainable_p(r: RaggedScores) -> float:
    """The smallest p-value blind selection allows on these decisions: the chance that it keeps
    a best-scored set at every one (ties at the boundary count every set they allow). Above
    ALPHA, no choice could be significant, however selective it was.

    The counts at each decision's boundary are taken for all decisions of one size at once;
    the logs are summed decision by decision, in order, as one decision at a time would
    (`tests/test_scoring_left_out.py` checks it against that loop)."""
    u = midrank_percentiles(r)
    sizes, kept = r.k, r.m
    above = np.zeros(r.n, np.int64)
    tied = np.zeros(r.n, np.int64)
    for size in np.unique(sizes):
        rows = np.flatnonzero(sizes == size)
        values = u[r.offsets[rows][:, None] + np.arange(size)]
        ranked = np.sort(values, axis=1)[:, ::-1]
        edge = ranked[np.arange(len(rows)), kept[rows] - 1][:, None]
        above[rows] = (values > edge).sum(axis=1)
        tied[rows] = (values == edge).sum(axis=1)
    log_p = 0.0
    for k, m, a, t in zip(sizes.tolist(), kept.tolist(), above.tolist(), tied.tolist(),
                          strict=True):
        log_p += math.log(math.comb(t, m - a)) - math.log(math.comb(k, m))
    return math.exp(log_p)


def decision_means(values: np.ndarray, r: RaggedScores) -> np.ndarray:
    """Mean of `values` over the kept candidates of each decision."""
    if r.n == 0:
        return np.zeros(0)
    kept = np.add.reduceat(np.where(r.selected, values, 0.0), r.offsets[:-1])
    return kept / r.m


def null_variance(u: np.ndarray, r: RaggedScores) -> np.ndarray:
    """Exact variance of each decision's kept-mean u under blind selection of m of k."""
    k, m = r.k, r.m
    mean = np.add.reduceat(u, r.offsets[:-1]) / k
    dev = (u - np.repeat(mean, k)) ** 2
    pop_var = np.add.reduceat(dev, r.offsets[:-1]) / k
    return pop_var / m * (k - m) / np.maximum(k - 1, 1)


def null_means(
    u: np.ndarray, r: RaggedScores, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """`draws` values of ū under score-blind selection, permuting within each decision."""
    total = np.zeros(draws)
    k, m = r.k, r.m
    pairs = np.unique(np.stack([k, m], axis=1), axis=0)
    for size, keep in pairs:
        rows = np.flatnonzero((k == size) & (m == keep))
        step = max(1, CHUNK_VALUES // (draws * size))
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            grid = u[r.offsets[part][:, None] + np.arange(size)]
            if keep == 1:
                pick = rng.integers(0, size, size=(draws, len(part)), dtype=np.int32)
                # grid[np.arange(len(part)), pick], the same array, as one flat take
                pick += np.arange(0, len(part) * size, size, dtype=np.int32)
                total += np.take(grid.ravel(), pick).sum(axis=1)
                continue
            flip = keep > size - keep
            take = size - keep if flip else keep
            keys = rng.random((draws, len(part), size), dtype=np.float32)
            idx = np.argpartition(keys, take - 1, axis=2)[..., :take]
            picked = np.take_along_axis(np.broadcast_to(grid, keys.shape), idx, axis=2).sum(2)
            if flip:
                picked = grid.sum(axis=1) - picked
            total += (picked / keep).sum(axis=1)
    return total / max(r.n, 1)


@dataclass(frozen=True)
class SelectionTest:
    """Observed ū, its permutation p-values (both tails) and the exact null z."""

    u_bar: float
    p_value: float
    p_lower: float
    z: float
    draws: int
    null: np.ndarray
    per_decision: np.ndarray
    null_var: np.ndarray

    def critical_u(self, alpha: float) -> float:
        """Smallest ū the test would call significant at `alpha` (with the +1 correction)."""
        if self.draws == 0:
            return float("nan")
        ranked = np.sort(self.null)[::-1]
        allowed = int(np.floor(alpha * (self.draws + 1))) - 1
        if allowed < 0:
            return float("inf")
        return float(ranked[allowed] + 1e-12) if allowed < self.draws else float("-inf")


def p_upper(observed: float | np.ndarray, null: np.ndarray) -> np.ndarray:
    """One-sided Monte Carlo p with the +1 correction, for one or many observed ū."""
    ranked = np.sort(null)
    obs = np.atleast_1d(np.asarray(observed, float)) - 1e-12
    at_least = len(ranked) - np.searchsorted(ranked, obs, side="left")
    return (1.0 + at_least) / (len(ranked) + 1.0)


def selection_test(
    r: RaggedScores, draws: int = 2000, seed: int = 0, u: np.ndarray | None = None
) -> SelectionTest:
    """Run the permutation test on the informative decisions in `r`."""
    if r.n == 0:
        empty = np.zeros(0)
        return SelectionTest(float("nan"), 1.0, 1.0, 0.0, 0, empty, empty, empty)
    u = midrank_percentiles(r) if u is None else u
    per = decision_means(u, r)
    obs = float(per.mean())
    var = null_variance(u, r)
    sd = float(np.sqrt(var.sum())) / r.n
    z = (obs - 0.5) / sd if sd > 0 else 0.0
    null = null_means(u, r, draws, np.random.default_rng(seed))
    p_hi = float(p_upper(obs, null)[0])
    p_lo = float((1.0 + np.count_nonzero(null <= obs + 1e-12)) / (draws + 1.0))
    return SelectionTest(obs, p_hi, p_lo, z, draws, null, per, var)
