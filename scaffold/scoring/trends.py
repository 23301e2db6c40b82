"""Progress and adaptivity: Mann–Kendall trend, sign of improvements, Spearman over time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest, kendalltau, spearmanr

from scaffold.scoring.json_real import Real


@dataclass(frozen=True)
class Progress:
    """Trend of the objective of the kept state over time."""

    n: int
    mk_tau: Real | None
    mk_p: Real | None
    improve_rate: Real | None
    improve_p: Real | None
    best_so_far_gain: Real | None
    source: str

    @property
    def significant(self) -> bool:
        return (self.mk_p is not None and self.mk_p < 0.01 and self.improve_p is not None
                and self.improve_p < 0.01)


def progress_of(values: Sequence[float], source: str) -> Progress:
    """Mann–Kendall (Kendall's τ against time, one-sided up) and a sign test on increments."""
    x = np.asarray(values, float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n < 3 or np.all(x == x[0]):
        return Progress(n, None, None, None, None, None, source)
    tau = kendalltau(np.arange(n), x, alternative="greater")
    ups, moves = int((x[1:] > x[:-1]).sum()), int((x[1:] != x[:-1]).sum())
    rate = ups / moves if moves else None
    sign_p = float(binomtest(ups, moves, 0.5, alternative="greater").pvalue) if moves else None
    gain = float(x.max()) - float(x[0])  # Python floats: ±inf past the range, with no warning
    return Progress(n, float(tau.statistic), float(tau.pvalue), rate, sign_p, gain, source)


@dataclass(frozen=True)
class Adaptivity:
    """Spearman ρ of the mean candidate score against decision index."""

    rho: Real | None
    p: Real | None


def adaptivity_of(mean_scores: Sequence[float]) -> Adaptivity:
    x = np.asarray(mean_scores, float)
    if len(x) < 3 or np.all(x == x[0]):
        return Adaptivity(None, None)
    res = spearmanr(np.arange(len(x)), x)
    return Adaptivity(float(res.statistic), float(res.pvalue))
