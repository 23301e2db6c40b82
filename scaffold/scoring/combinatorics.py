"""Log binomial coefficients, shared by the blind-choice laws of the effect sizes and gain null."""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln


def log_comb(n: np.ndarray, r: np.ndarray) -> np.ndarray:
    """log C(n, r), elementwise, for arrays of non-negative integers with r ≤ n."""
    return gammaln(n + 1) - gammaln(r + 1) - gammaln(n - r + 1)
