"""Selection on value given exploration: a conditional logit with two covariates.

A UCT searcher picks argmax Q + c·√(ln N / n). Its choices often go to a child with a lower Q
(the exploration bonus of a rarely visited child wins), so the score-blind permutation test on Q
alone can miss it. Here each choice is modelled as P(i) ∝ exp(β_v·z(Q)_i + β_e·z(E)_i), with z
the within-decision z-score and E the exploration term of `explore_terms`, and the test is the
one-sided robust score test of β_v = 0 with β_e fitted: the efficient score for β_v at the null
fit, over its empirical (sandwich) standard deviation. A process that ignores values (its visits
are allocated without looking at them) has Q independent of the choice given the visits, so the
score has mean zero whatever rule made the choice; the sandwich keeps its scale right when the
logit in the exploration term is not that rule (the model-based likelihood ratio was liberal on
the decorative twin of UCT). β̂_v and the LR are reported as effect sizes. Power is the
asymptotic power at β_v = 1 (one within-decision sd of value multiplies the odds by e), from the
efficient information for β_v at the null fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize, minimize_scalar
from scipy.stats import norm

from scaffold.scoring.decisions import Decision
from scaffold.scoring.json_real import Real
from scaffold.scoring.selection_test import ALPHA

CAP = 30.0
TARGET_BETA = 1.0


@dataclass(frozen=True)
class ExploreTest:
    """The test of β_v = 0 with the exploration term as a nuisance covariate."""

    n_decisions: int
    beta_value: Real
    beta_explore: Real
    beta_explore_null: Real
    lr: Real
    score_z: Real
    p_value: Real
    power: Real
    target_beta: Real


def _z(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x)


@dataclass(frozen=True)
class _Design:
    x: np.ndarray  # (n, kmax, 2)
    mask: np.ndarray  # (n, kmax) True where a candidate exists
    chosen: np.ndarray  # (n,)

    @classmethod
    def from_decisions(cls, decisions: Sequence[Decision]) -> _Design:
        kmax = max(d.k for d in decisions)
        x = np.zeros((len(decisions), kmax, 2))
        mask = np.zeros((len(decisions), kmax), bool)
        chosen = np.zeros(len(decisions), np.int64)
        for i, d in enumerate(decisions):
            assert d.explore is not None
            x[i, : d.k, 0] = _z(np.asarray(d.scores, float))
            x[i, : d.k, 1] = _z(np.asarray(d.explore, float))
            mask[i, : d.k] = True
            chosen[i] = int(np.flatnonzero(d.selected)[0])
        return cls(x, mask, chosen)

    def probs(self, beta: np.ndarray) -> np.ndarray:
        eta = np.where(self.mask, self.x @ beta, -np.inf)
        eta -= eta.max(axis=1, keepdims=True)
        w = np.exp(eta)
        return w / w.sum(axis=1, keepdims=True)

    def loglik(self, beta: np.ndarray) -> tuple[float, np.ndarray]:
        p = self.probs(beta)
        rows = np.arange(len(self.chosen))
        ll = float(np.log(np.maximum(p[rows, self.chosen], 1e-300)).sum())
        mean_x = np.einsum("nk,nkj->nj", p, self.x)
        grad = (self.x[rows, self.chosen] - mean_x).sum(axis=0)
        return ll, grad

    def scores(self, beta: np.ndarray) -> np.ndarray:
        """Per-decision score vectors (n, 2): chosen covariates minus their expectation."""
        p = self.probs(beta)
        mean_x = np.einsum("nk,nkj->nj", p, self.x)
        return self.x[np.arange(len(self.chosen)), self.chosen] - mean_x

    def information(self, beta: np.ndarray) -> np.ndarray:
        p = self.probs(beta)
        mean_x = np.einsum("nk,nkj->nj", p, self.x)
        second = np.einsum("nk,nki,nkj->ij", p, self.x, self.x)
        return second - mean_x.T @ mean_x


def _fit_full(design: _Design) -> tuple[np.ndarray, float]:
    def neg(beta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = design.loglik(beta)
        return -ll, -grad

    res = minimize(neg, np.zeros(2), jac=True, method="L-BFGS-B",
                   bounds=[(-CAP, CAP), (-CAP, CAP)])
    return np.asarray(res.x, float), -float(res.fun)


def _fit_null(design: _Design) -> tuple[float, float]:
    res = minimize_scalar(lambda b: -design.loglik(np.array([0.0, b]))[0], bounds=(-CAP, CAP),
                          method="bounded")
    return float(res.x), -float(res.fun)


def explore_test(decisions: Sequence[Decision], *, alpha: float = ALPHA) -> ExploreTest | None:
    """The LR test of selection on value given exploration, or None without such decisions."""
    usable = [d for d in decisions if d.explore is not None and d.m == 1 and d.k >= 2]
    if not usable:
        return None
    design = _Design.from_decisions(usable)
    full, ll_full = _fit_full(design)
    b0, ll_null = _fit_null(design)
    if ll_null > ll_full:
        full, ll_full = np.array([0.0, b0]), ll_null
    lr = max(0.0, 2.0 * (ll_full - ll_null))
    null = np.array([0.0, b0])
    info = design.information(null)
    slope = info[0, 1] / info[1, 1] if info[1, 1] > 1e-12 else 0.0
    u = design.scores(null)
    efficient_u = u[:, 0] - slope * u[:, 1]
    spread = float(np.sqrt((efficient_u**2).sum()))
    z = float(efficient_u.sum()) / spread if spread > 1e-12 else 0.0
    p = float(norm.sf(z))
    efficient = info[0, 0] - slope * info[0, 1]
    power = float(norm.sf(norm.ppf(1 - alpha) - TARGET_BETA * np.sqrt(max(efficient, 0.0))))
    return ExploreTest(len(usable), float(full[0]), float(full[1]), b0, float(lr), z, p,
                       power, TARGET_BETA)
