"""Known-answer processes: nulls that do not select on their scores, and searches that do.

Each is `run(obj, rng, rec, decisions, k)` and records every decision through the Recorder.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scaffold.simulators.objectives import Objective
from scaffold.simulators.recorder import Recorder

Rng = np.random.Generator
Process = Callable[[Objective, Rng, Recorder, int, int], None]


def _walk(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int,
          propose: Callable[[np.ndarray, int], np.ndarray], choose: Callable[[list[float]], int],
          rule: str, incumbent: bool = False) -> None:
    x = obj.prior(rng)
    rec.start(x)
    last: str | None = None
    for t in range(decisions):
        points = [x.copy()] if incumbent else []
        points += [propose(x, t) for _ in range(k - len(points))]
        values = [obj.f(p) for p in points]
        j = choose(values)
        ids = rec.record_decision(points, [last] * len(points), [j], rule, values)
        x, last = points[j], ids[j]


def random_walk(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.neighbour(x, rng),
          lambda v: int(rng.integers(len(v))), "random")


def repetition(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    def propose(x: np.ndarray, t: int) -> np.ndarray:
        return x.copy() if rng.random() < 0.8 else obj.tweak(x, rng)

    _walk(obj, rng, rec, decisions, k, propose, lambda v: int(rng.integers(len(v))), "random")


def attractor_drift(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    a = obj.prior(rng)
    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.drift(x, a, t / decisions, rng),
          lambda v: int(rng.integers(len(v))), "random")


def diverse_random(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    x = obj.prior(rng)
    rec.start(x)
    for _ in range(decisions):
        points = [obj.prior(rng) for _ in range(k)]
        j = int(rng.integers(k))
        rec.record_decision(points, [None] * k, [j], "random")


def amortized_improver(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.uphill(x, rng),
          lambda v: int(rng.integers(len(v))), "random")


def anti_search(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.neighbour(x, rng),
          lambda v: int(np.argmin(v)), "argmin", incumbent=True)


def decorative(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.neighbour(x, rng),
          lambda v: 0, "first-proposed")


def hill_climb(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.neighbour(x, rng),
          lambda v: int(np.argmax(v)), "argmax", incumbent=True)


def noisy_hill_climb(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    def choose(v: list[float]) -> int:
        arr = np.asarray(v)
        return int(np.argmax(arr + rng.normal(0, arr.std() + 1e-12, len(arr))))

    _walk(obj, rng, rec, decisions, k, lambda x, t: obj.neighbour(x, rng), choose,
          "argmax-noisy", incumbent=True)


def best_of_n(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    x = obj.prior(rng)
    rec.start(x)
    last: str | None = None
    for _ in range(decisions):
        points = [x.copy()] + [obj.prior(rng) for _ in range(k - 1)]
        values = [obj.f(p) for p in points]
        j = int(np.argmax(values))
        ids = rec.record_decision(points, [last] + [None] * (k - 1), [j], "argmax", values)
        x, last = points[j], ids[j]


def beam(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    width = max(2, k // 2)
    beams = [obj.prior(rng) for _ in range(width)]
    rec.start(beams[0])
    ids: list[str | None] = [None] * width
    for _ in range(decisions):
        points, parents = [], []
        for b, pid in zip(beams, ids, strict=True):
            for _ in range(2):
                points.append(obj.neighbour(b, rng))
                parents.append(pid)
        values = np.array([obj.f(p) for p in points])
        keep = [int(j) for j in np.argsort(-values, kind="stable")[:width]]
        new_ids = rec.record_decision(points, parents, keep, f"top-{width}", list(values))
        beams, ids = [points[j] for j in keep], [new_ids[j] for j in keep]


def sim_anneal(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    x = obj.prior(rng)
    rec.start(x)
    last: str | None = None
    deltas: list[float] = []
    for t in range(decisions):
        y = obj.neighbour(x, rng)
        fx, fy = obj.f(x), obj.f(y)
        deltas.append(abs(fy - fx))
        temp = float(np.median(deltas)) * (1 - t / decisions) + 1e-9
        accept = fy >= fx or rng.random() < np.exp((fy - fx) / temp)
        j = 1 if accept else 0
        ids = rec.record_decision([x, y], [last, last], [j], "metropolis", [fx, fy])
        x, last = (y if accept else x), ids[j]


def mcts(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    """Each decision is a move: UCT over a two-level tree of proposals, rollout value = f(leaf);
    the move is the most visited child, and the logged scores are the children's Q-values."""
    x = obj.prior(rng)
    rec.start(x)
    last: str | None = None
    sims = 3 * k
    for _ in range(decisions):
        children = [obj.neighbour(x, rng) for _ in range(k)]
        visits = np.zeros(k)
        total = np.zeros(k)
        seen: list[float] = []
        for s in range(sims):
            if s < k:
                c = s
            else:
                spread = (max(seen) - min(seen)) or 1e-9
                q = total / np.maximum(visits, 1)
                ucb = q + 0.7 * spread * np.sqrt(np.log(s) / np.maximum(visits, 1))
                c = int(np.argmax(ucb))
            value = obj.f(obj.neighbour(children[c], rng))
            seen.append(value)
            visits[c] += 1
            total[c] += value
        q_values = [float(total[c] / visits[c]) if visits[c] else None for c in range(k)]
        order = np.lexsort((-np.nan_to_num(np.array(q_values, float), nan=-np.inf), -visits))
        j = int(order[0])
        ids = rec.record_decision(children, [last] * k, [j], "most-visited", q_values,
                                  scorer="q-value")
        x, last = children[j], ids[j]
