"""Arithmetic on scores from the whole float range (up to ±1.8e308) without overflow.

Scores are divided by a power of two, which is exact, so that sums and differences stay finite;
results are multiplied back and become ±inf only when the true value is out of range.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SEQUENTIAL_MAX = 8
"""numpy sums fewer values than this left to right (more in pairwise blocks); `means` groups
arrays shorter than this and adds their columns in that order, so its sums are numpy's."""


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


def means(arrays: Sequence[np.ndarray]) -> list[float]:
    """`[mean(a) for a in arrays]`, the same floats, in a few numpy calls per array length.

    Float64 vectors shorter than `SEQUENTIAL_MAX` are stacked by length; each row is scaled by
    its own exponent and its columns are added from 0.0 left to right, which is the order in
    which numpy sums so few values. Any other array goes through `mean` on its own.
    """
    out = [0.0] * len(arrays)
    by_size: dict[int, list[int]] = {}
    for i, a in enumerate(arrays):
        if a.dtype == np.float64 and a.ndim == 1 and 0 < len(a) < SEQUENTIAL_MAX:
            by_size.setdefault(len(a), []).append(i)
        else:
            out[i] = mean(a)
    for size, rows in by_size.items():
        grid = np.stack([arrays[i] for i in rows])
        e = exponents(np.abs(grid).max(axis=1))
        scaled = np.ldexp(grid, -e[:, None])
        total = np.zeros(len(rows))
        for j in range(size):
            total += scaled[:, j]
        for i, value, ei in zip(rows, (total / size).tolist(), e.tolist(), strict=True):
            out[i] = unscale(value, ei)
    return out
