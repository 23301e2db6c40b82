"""Softmax selection: conditional logit (one kept) or Plackett–Luce (several kept).

The covariate is the within-decision z-score of the candidates' mid-ranks, so β̂ does not depend
on the scale of the scores or on outliers (a value of 60 among values near 1), and is unchanged
by any monotone transform of them.

P(kept set J) under Plackett–Luce is the sum over the orders of J of sequential choices without
replacement, computed exactly in log space for |J| ≤ 6. β = 0 is blind selection and β → ∞ is
greedy; β̂ is capped (default 30) because greedy data are perfectly separated.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import chi2

from scaffold.scoring.decisions import RaggedScores

BETA_CAP = 30.0
EXACT_ORDERS_MAX = 6
BATCH_MAX_WIDTH = 127
"""Single choices whose others number at most this share array operations in `loglik`."""
PROFILE_DROP = chi2.ppf(0.95, 1) / 2


@dataclass(frozen=True)
class _Group:
    rows: np.ndarray
    z: np.ndarray
    u: np.ndarray
    kept_z: np.ndarray
    other_z: np.ndarray
    orders: np.ndarray
    kept_orders: np.ndarray
    """kept_z[:, orders]: the kept candidates' z in every order, taken once."""


@dataclass(frozen=True)
class _Batch:
    """The single choices of the groups `groups`, the others' z padded to one width (`pad`
    marks the padding); the rows of `groups[i]` are `bounds[i]:bounds[i + 1]`."""

    groups: tuple[int, ...]
    bounds: tuple[int, ...]
    kept: np.ndarray
    other: np.ndarray
    pad: np.ndarray


def _batches(groups: list[_Group]) -> list[_Batch]:
    """Single-choice groups batched by the number of whole blocks of 8 in their rows. numpy
    sums a row of fewer than 8 values in order, and a longer one in 8 interleaved partial sums
    over its whole blocks of 8 and then the rest in order (up to 128 values), so zeros padded
    at the end without adding a whole block leave every row's sum bit for bit as it was."""
    classes: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        width = g.other_z.shape[1]
        if g.kept_orders.shape[1:] == (1, 1) and width <= BATCH_MAX_WIDTH:
            classes.setdefault(width // 8, []).append(i)
    out = []
    for picked in classes.values():
        if len(picked) < 2:
            continue
        bounds = (0, *np.cumsum([len(groups[i].rows) for i in picked]).tolist())
        width = max(groups[i].other_z.shape[1] for i in picked)
        other = np.zeros((bounds[-1], width))
        pad = np.ones_like(other, dtype=bool)
        for i, lo, hi in zip(picked, bounds, bounds[1:], strict=False):
            other[lo:hi, :groups[i].other_z.shape[1]] = groups[i].other_z
            pad[lo:hi, :groups[i].other_z.shape[1]] = False
        kept = np.concatenate([groups[i].kept_orders.reshape(-1) for i in picked])
        out.append(_Batch(tuple(picked), bounds, kept, other, pad))
    return out


@dataclass(frozen=True)
class BetaFit:
    """β̂ with its profile-likelihood 95% CI; `capped` marks greedy (or anti-greedy) separation."""

    beta: float
    ci: tuple[float, float]
    capped: bool
    lr_p: float
    approximate: bool


def logsumexp(x: np.ndarray, axis: int, keepdims: bool = False) -> np.ndarray:
    top = x.max(axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    out = np.log(np.exp(x - top).sum(axis=axis, keepdims=True)) + top
    return out if keepdims else out.squeeze(axis=axis)


def within_decision_z(values: np.ndarray, r: RaggedScores) -> np.ndarray:
    """Values standardised within each decision (population sd; all-tied rows give 0)."""
    k, starts = r.k, r.offsets[:-1]
    mean = np.add.reduceat(values, starts) / k
    dev = values - np.repeat(mean, k)
    sd = np.sqrt(np.add.reduceat(dev**2, starts) / k)
    sd = np.repeat(np.where(sd > 0, sd, 1.0), k)
    return dev / sd


class ChoiceModel:
    """Log-likelihood of the recorded selections as a function of β."""

    def __init__(self, r: RaggedScores, u: np.ndarray, cap: float = BETA_CAP, *,
                 batch: bool = True) -> None:
        self.n = r.n
        self.cap = cap
        self.approximate = False
        self.groups: list[_Group] = []
        self._batches: list[_Batch] = []
        if r.n == 0:
            return
        z_flat = within_decision_z(u, r)
        k_all, m_all = r.k, r.m
        for k, m in np.unique(np.stack([k_all, m_all], axis=1), axis=0):
            rows = np.flatnonzero((k_all == k) & (m_all == m))
            cols = r.offsets[rows][:, None] + np.arange(k)
            z, sel = z_flat[cols], r.selected[cols]
            kept = z[sel].reshape(len(rows), m)
            other = z[~sel].reshape(len(rows), k - m)
            if m <= EXACT_ORDERS_MAX:
                orders = np.array(list(permutations(range(m))))
            else:
                self.approximate = True
                kept = -np.sort(-kept, axis=1)
                orders = np.arange(m)[None, :]
            self.groups.append(_Group(rows, z, u[cols], kept, other, orders, kept[:, orders]))
        self._batches = _batches(self.groups) if batch else []

    def _batched(self, beta: float) -> dict[int, float]:
        """Each batched group's term of `loglik`, the same floats as group by group."""
        out: dict[int, float] = {}
        for b in self._batches:
            x = beta * b.other
            x[b.pad] = -np.inf
            rest = logsumexp(x, axis=1)
            seq = beta * b.kept
            terms = seq - np.logaddexp(rest, seq)
            for g, lo, hi in zip(b.groups, b.bounds, b.bounds[1:], strict=False):
                out[g] = float(terms[lo:hi].sum())
        return out

    def loglik(self, beta: float) -> float:
        total = 0.0
        batched = self._batched(beta)
        for gi, g in enumerate(self.groups):
            if gi in batched:
                total += batched[gi]
                continue
            rest = logsumexp(beta * g.other_z, axis=1)
            seq = beta * g.kept_orders
            if seq.shape[1] == 1 and seq.shape[2] == 1:
                # one kept, so one order: the sums and log-sum-exps below are over one term
                total += float((seq - np.logaddexp(rest[:, None, None], seq)).reshape(-1).sum())
                continue
            suffix = np.logaddexp.accumulate(seq[..., ::-1], axis=2)[..., ::-1]
            denom = np.logaddexp(rest[:, None, None], suffix)
            total += float(logsumexp((seq - denom).sum(axis=2), axis=1).sum())
        return total

    def fit(self) -> BetaFit:
        if self.n == 0:
            return BetaFit(0.0, (-self.cap, self.cap), False, 1.0, False)
        cap = self.cap
        seen: dict[float, float] = {}

        def loglik(b: float) -> float:
            # the edges, β̂ and the roots' brackets are asked for more than once: same floats
            value = seen.get(b)
            if value is None:
                value = seen[b] = self.loglik(b)
            return value

        res = minimize_scalar(lambda b: -loglik(b), bounds=(-cap, cap), method="bounded")
        beta, best = float(res.x), -float(res.fun)
        for edge in (-cap, cap):
            value = loglik(edge)
            if value >= best - 1e-9:
                beta, best = edge, value
        capped = abs(beta) >= cap - 1e-6
        target = best - PROFILE_DROP

        def gap(b: float) -> float:
            return loglik(b) - target

        lo = -cap if gap(-cap) > 0 or beta <= -cap else brentq(gap, -cap, beta)
        hi = cap if gap(cap) > 0 or beta >= cap else brentq(gap, beta, cap)
        lr = max(0.0, 2 * (best - loglik(0.0)))
        lr_p = float(chi2.sf(lr, 1) / 2) if beta > 0 else 1.0 - float(chi2.sf(lr, 1) / 2)
        return BetaFit(beta, (float(lo), float(hi)), capped, lr_p, self.approximate)

    def _gumbel(self, g: _Group, reps: int, rng: np.random.Generator) -> np.ndarray:
        return rng.gumbel(size=(reps, *g.z.shape)).astype(np.float32)

    def simulate_u_bar(
        self,
        beta: float,
        reps: int,
        rng: np.random.Generator,
        noise: list[np.ndarray] | None = None,
    ) -> np.ndarray:
        """ū of `reps` selections drawn by Plackett–Luce at β on the recorded candidate sets."""
        total = np.zeros(reps)
        for gi, g in enumerate(self.groups):
            m = g.kept_z.shape[1]
            gum = noise[gi] if noise is not None else self._gumbel(g, reps, rng)
            keys = beta * g.z[None] + gum
            top = np.argpartition(-keys, m - 1, axis=2)[..., :m]
            picked = np.take_along_axis(np.broadcast_to(g.u, keys.shape), top, axis=2)
            total += picked.mean(axis=2).sum(axis=1)
        return total / max(self.n, 1)

    def greedy_u_bar(self) -> float:
        """ū of keeping the top m at every decision (the β → ∞ limit; ties share mid-ranks)."""
        total = 0.0
        for g in self.groups:
            m = g.kept_z.shape[1]
            total += float(np.sort(g.u, axis=1)[:, ::-1][:, :m].mean(axis=1).sum())
        return total / max(self.n, 1)

    def expected_u_bar(self, beta: float, noise: list[np.ndarray] | None = None) -> float:
        """E[ū] at β: exact for single choices, Monte Carlo (common noise) for kept sets;
        at the cap, the greedy limit."""
        if beta >= self.cap:
            return self.greedy_u_bar()
        total = 0.0
        for gi, g in enumerate(self.groups):
            m = g.kept_z.shape[1]
            if m == 1:
                w = np.exp(beta * g.z - logsumexp(beta * g.z, axis=1, keepdims=True))
                total += float((w * g.u).sum())
                continue
            gum = noise[gi] if noise is not None else self._gumbel(g, 256, np.random.default_rng(0))
            keys = beta * g.z[None] + gum
            top = np.argpartition(-keys, m - 1, axis=2)[..., :m]
            picked = np.take_along_axis(np.broadcast_to(g.u, keys.shape), top, axis=2)
            total += float(picked.mean(axis=2).sum(axis=1).mean())
        return total / max(self.n, 1)

    def common_noise(self, reps: int, seed: int = 0) -> list[np.ndarray]:
        rng = np.random.default_rng(seed)
        return [self._gumbel(g, reps, rng) for g in self.groups]

    def beta_for_u(self, target: float, noise: list[np.ndarray] | None = None) -> float:
        """The β ≥ 0 whose expected ū is `target` (the cap when it is out of reach)."""
        if self.expected_u_bar(self.cap, noise) <= target:
            return self.cap
        if self.expected_u_bar(0.0, noise) >= target:
            return 0.0
        return float(brentq(lambda b: self.expected_u_bar(b, noise) - target, 0.0, self.cap,
                            xtol=1e-3))
