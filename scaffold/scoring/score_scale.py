"""Arithmetic on scores from the whole float range (up to ±1.8e308) without overflow.

Scores are divided by a power of two, which is exact, so that sums and differences stay finite;
results are multiplied back and become ±inf only when the true value is out of range.
"""

from __future__ import annotations

import numpy as np


def exponents(magnitudes: np.ndarray) -> np.ndarray:
    """e with magnitude / 2**e in [0.5, 1) (0 for a magnitude of 0), elementwise."""
    return np.frexp(magnitudes)[1]


def exponent(scores: np.ndarray) -> int:
    """One exponent for all of `scores`: scaled by 2**-e, every one lies in (-1, 1)."""
    return int(exponents(np.abs(scores).max())) if len(scores) else 0


def unscale(value: float, e: int) -> float:
    """value · 2**e in Python floats: exact, and ±inf (with no warning) past the float range."""
    half = e // 2
    return float(value) * 2.0**half * 2.0 ** (e - half)


def mean(scores: np.ndarray) -> float:
    """The mean, which is finite for finite scores even where their sum is not."""
    e = exponent(scores)
    return unscale(float(np.ldexp(scores, -e).mean()), e)
