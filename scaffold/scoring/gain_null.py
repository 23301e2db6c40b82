"""Best-so-far gain against a generator-matched null: the same candidate pools, chosen blind.

Improvement alone is not search: a proposer biased uphill improves with no selection. To ask
how much of the improvement the choice adds, the null keeps what the generator produced (every
decision's pool of scored candidates) and replaces only the choice by a score-blind one that
keeps as many. The statistic is the mean, over decisions, of the best score kept so far. Under
blind choice of m out of k, the best kept is the j-th best of the pool with probability
C(k−j, m−1)/C(k, m), so each draw samples one order statistic per decision (one searchsorted
over all decisions) instead of shuffling whole pools.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scaffold.scoring.combinatorics import log_comb
from scaffold.scoring.decisions import RaggedScores
from scaffold.scoring.json_real import Real
from scaffold.scoring.score_scale import exponent, unscale

DRAWS = 400
_CHUNK = 100
COUNT_MAX = 16
"""Pools of at most this many candidates place the draws by comparisons (`_positions`)."""


@dataclass(frozen=True)
class GainVsBlind:
    """Mean best-so-far of the kept candidates, observed and under blind choice."""

    observed: Real
    null_mean: Real
    excess: Real
    p_value: Real
    draws: int


def _order_statistic_edges(r: RaggedScores) -> tuple[np.ndarray, np.ndarray]:
    """Pools sorted best first, and `i + CDF` of the blind best-kept rank in pool i."""
    k, m, starts = r.k, r.m, r.offsets[:-1]
    block = np.repeat(np.arange(r.n), k)
    order = np.lexsort((-r.scores, block))
    rank = np.arange(len(r.scores)) - np.repeat(starts, k) + 1
    kk, mm = np.repeat(k, k), np.repeat(m, k)
    reachable = rank <= kk - mm + 1
    log_p = log_comb(np.maximum(kk - rank, 0), mm - 1) - log_comb(kk, mm)
    cdf = np.cumsum(np.where(reachable, np.exp(log_p), 0.0))
    before = np.concatenate([[0.0], cdf[starts[1:] - 1]])
    cdf = (cdf - np.repeat(before, k)) / np.repeat(cdf[starts + k - 1] - before, k)
    return r.scores[order], block + np.minimum(cdf, 1.0)


def _padded_edges(edges: np.ndarray, r: RaggedScores) -> np.ndarray | None:
    """Each pool's edges in a row, padded with +inf to the largest pool, when `_positions` may
    count in rows: at most `COUNT_MAX` per pool, fewer than 2**22 pools (so that a draw
    `i + x·(1 - 1e-9)` stays below i + 1), edges in order, and pool i's edges within
    [i, i + 1], every pool's last one exactly i + 1. Else None."""
    k, starts = r.k, r.offsets[:-1]
    if r.n >= 2**22 or int(k.max()) > COUNT_MAX:
        return None
    pool = np.repeat(np.arange(r.n), k).astype(float)
    if not (np.all(edges[1:] >= edges[:-1]) and np.all(edges >= pool)
            and np.all(edges <= pool + 1.0)
            and np.array_equal(edges[starts + k - 1], np.arange(1, r.n + 1, dtype=float))):
        return None
    out = np.full((r.n, int(k.max())), np.inf)
    out[np.repeat(np.arange(r.n), k), np.arange(len(edges)) - np.repeat(starts, k)] = edges
    return out


def _positions(edges: np.ndarray, padded: np.ndarray | None, r: RaggedScores,
               u: np.ndarray) -> np.ndarray:
    """`np.searchsorted(edges, u, side="right")` for draws u[:, i] in [i, i + 1).

    With `padded`, every edge of an earlier pool is at most i and every edge of a later one at
    least i + 1, so the count of edges up to u[:, i] is pool i's start plus the count of its
    own edges up to it: k comparisons a draw instead of a binary search over all edges.
    """
    if padded is None:
        return np.searchsorted(edges, u, side="right")
    count = r.offsets[:-1] + (padded[:, 0] <= u)
    for j in range(1, padded.shape[1]):
        count += padded[:, j] <= u
    return count


def gain_vs_blind(r: RaggedScores, *, draws: int = DRAWS, seed: int = 0) -> GainVsBlind | None:
    """One-sided test that choosing on the scores kept better candidates than blind choice."""
    if r.n < 2:
        return None
    e = exponent(r.scores)
    r = RaggedScores(np.ldexp(r.scores, -e), r.selected, r.offsets)
    kept = np.maximum.reduceat(np.where(r.selected, r.scores, -np.inf), r.offsets[:-1])
    observed = float(np.maximum.accumulate(kept).mean())
    best_first, edges = _order_statistic_edges(r)
    padded = _padded_edges(edges, r)
    rng = np.random.default_rng(seed)
    null = np.empty(draws)
    for lo in range(0, draws, _CHUNK):
        hi = min(lo + _CHUNK, draws)
        u = rng.random((hi - lo, r.n)) * (1 - 1e-9) + np.arange(r.n)
        picked = best_first[_positions(edges, padded, r, u)]
        null[lo:hi] = np.maximum.accumulate(picked, axis=1).mean(axis=1)
    p = float((1 + np.sum(null >= observed - unscale(1e-12, -e))) / (1 + draws))
    mean = float(null.mean())
    return GainVsBlind(unscale(observed, e), unscale(mean, e), unscale(observed - mean, e), p,
                       draws)
