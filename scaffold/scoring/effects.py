"""Effect sizes of selection: standardised differential, excess optimisation power, ū intervals."""

from __future__ import annotations

import numpy as np

from scaffold.scoring.combinatorics import log_comb
from scaffold.scoring.decisions import RaggedScores
from scaffold.scoring.score_scale import exponents


def selection_differentials(r: RaggedScores) -> np.ndarray:
    """(mean kept − mean all) / sd all per decision (Lande & Arnold); NaN where sd = 0.

    The ratio is scale-free, so each decision's scores are first divided by a power of two
    that brings them into (-1, 1) (no overflow near ±1.8e308), and the deviations by their
    largest magnitude (no underflow for tiny score gaps).
    """
    if r.n == 0:
        return np.zeros(0)
    k, m, starts = r.k, r.m, r.offsets[:-1]
    e = exponents(np.maximum.reduceat(np.abs(r.scores), starts))
    scores = np.ldexp(r.scores, -np.repeat(e, k))
    mean = np.add.reduceat(scores, starts) / k
    dev = scores - np.repeat(mean, k)
    scale = np.maximum.reduceat(np.abs(dev), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = dev / np.repeat(np.where(scale > 0, scale, 1.0), k)
        sd = np.sqrt(np.add.reduceat(unit**2, starts) / k)
        kept = np.add.reduceat(np.where(r.selected, unit, 0.0), starts) / m
        return np.where((scale > 0) & (sd > 0), kept / sd, np.nan)


def excess_op_bits(r: RaggedScores) -> tuple[np.ndarray, np.ndarray]:
    """Per decision: excess bits of the best kept candidate over blind choice, and the maximum.

    OP = −log2(#{at least as good as the best kept} / k). Its blind expectation is taken over a
    random subset of the same size m, so beams are not credited for keeping several.
    """
    excess = np.zeros(r.n)
    best = np.zeros(r.n)
    k_all, m_all = r.k, r.m
    for k, m in np.unique(np.stack([k_all, m_all], axis=1), axis=0):
        rows = np.flatnonzero((k_all == k) & (m_all == m))
        cols = r.offsets[rows][:, None] + np.arange(k)
        v, sel = r.scores[cols], r.selected[cols]
        at_least = (v[:, None, :] >= v[:, :, None]).sum(axis=2)
        bits = -np.log2(at_least / k)
        observed = np.where(sel, bits, -np.inf).max(axis=1)
        order = np.sort(bits, axis=1)[:, ::-1]
        t = np.arange(1, k + 1)
        log_p = log_comb(k - t, np.full(k, m - 1)) - log_comb(np.array(k), np.array(m))
        prob = np.where(k - t >= m - 1, np.exp(log_p), 0.0)
        blind = order @ prob
        excess[rows] = observed - blind
        best[rows] = order[:, 0] - blind
    return excess, best


def block_bootstrap_ci(
    per_decision: np.ndarray, level: float = 0.95, resamples: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """Moving-block bootstrap percentile CI of the mean, blocks of about n^(1/3) decisions."""
    n = len(per_decision)
    block = max(1, round(n ** (1 / 3)))
    blocks = -(-n // block)
    sums = np.concatenate([[0.0], np.cumsum(per_decision)])
    block_means = (sums[block:] - sums[:-block]) / block
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, n - block + 1, size=(resamples, blocks))
    means = block_means[starts].mean(axis=1)
    tail = (1 - level) / 2
    lo, hi = np.quantile(means, [tail, 1 - tail])
    return float(lo), float(hi)
