"""Two toy objectives with known optima: a rugged function on R^8 and an epistatic string match."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

Point = np.ndarray


class Objective(Protocol):
    """What a simulated process may ask of its landscape."""

    name: str

    def f(self, x: Point) -> float: ...
    def prior(self, rng: np.random.Generator) -> Point: ...
    def neighbour(self, x: Point, rng: np.random.Generator) -> Point: ...
    def uphill(self, x: Point, rng: np.random.Generator) -> Point: ...
    def drift(self, x: Point, a: Point, t: float, rng: np.random.Generator) -> Point: ...
    def tweak(self, x: Point, rng: np.random.Generator) -> Point: ...
    def text(self, x: Point) -> str: ...


class RuggedVector:
    """f(x) = −mean((x−x*)²) + 0.3·mean(cos 2π(x−x*)), x* ~ U[−2, 2]^8; steps N(0, 0.3²)."""

    name = "vector"

    def __init__(self, rng: np.random.Generator, dim: int = 8) -> None:
        self.dim = dim
        self.x_star = rng.uniform(-2, 2, dim)

    def f(self, x: Point) -> float:
        d = x - self.x_star
        return float(-np.mean(d**2) + 0.3 * np.mean(np.cos(2 * np.pi * d)))

    def grad(self, x: Point) -> Point:
        d = x - self.x_star
        return (-2 * d - 0.3 * 2 * np.pi * np.sin(2 * np.pi * d)) / self.dim

    def prior(self, rng: np.random.Generator) -> Point:
        return rng.normal(0, 2, self.dim)

    def neighbour(self, x: Point, rng: np.random.Generator) -> Point:
        return x + rng.normal(0, 0.3, self.dim)

    def uphill(self, x: Point, rng: np.random.Generator) -> Point:
        g = self.grad(x)
        step = 0.3 * g / (np.linalg.norm(g) + 1e-12)
        return x + step + rng.normal(0, 0.1, self.dim)

    def drift(self, x: Point, a: Point, t: float, rng: np.random.Generator) -> Point:
        return x + 0.15 * (a - x) + rng.normal(0, 0.3 * (1 - t) + 0.02, self.dim)

    def tweak(self, x: Point, rng: np.random.Generator) -> Point:
        return x + rng.normal(0, 0.01, self.dim)

    def text(self, x: Point) -> str:
        return " ".join(f"{v:+.2f}" for v in x)


class EpistaticString:
    """f = fraction matching a hidden target + 0.15 × mean adjacent-pair epistasis (NK-like)."""

    name = "string"
    alphabet = "ACGT"

    def __init__(self, rng: np.random.Generator, length: int = 24) -> None:
        self.length = length
        self.target = rng.integers(0, 4, length)
        self.table = rng.uniform(0, 1, (length - 1, 4, 4))

    def f(self, x: Point) -> float:
        match = float(np.mean(x == self.target))
        pairs = self.table[np.arange(self.length - 1), x[:-1], x[1:]]
        return match + 0.15 * float(pairs.mean())

    def prior(self, rng: np.random.Generator) -> Point:
        return rng.integers(0, 4, self.length)

    def _mutate(self, x: Point, rng: np.random.Generator, p_target: float) -> Point:
        y = x.copy()
        for pos in rng.choice(self.length, size=int(rng.integers(1, 3)), replace=False):
            y[pos] = self.target[pos] if rng.random() < p_target else rng.integers(0, 4)
        return y

    def neighbour(self, x: Point, rng: np.random.Generator) -> Point:
        return self._mutate(x, rng, 0.0)

    def uphill(self, x: Point, rng: np.random.Generator) -> Point:
        return self._mutate(x, rng, 0.6)

    def drift(self, x: Point, a: Point, t: float, rng: np.random.Generator) -> Point:
        y = np.where(rng.random(self.length) < 0.15, a, x)
        noisy = rng.random(self.length) < 0.08 * (1 - t)
        return np.where(noisy, rng.integers(0, 4, self.length), y)

    def tweak(self, x: Point, rng: np.random.Generator) -> Point:
        return self.neighbour(x, rng)

    def text(self, x: Point) -> str:
        return "".join(self.alphabet[i] for i in x)


OBJECTIVES: dict[str, Callable[[np.random.Generator], Objective]] = {
    "vector": RuggedVector, "string": EpistaticString}
