"""More held-out wording for `scripts/heldout_reasoning.py`: Tree-of-Thoughts value words
(sure / likely / impossible) on their own lines, numbered attempts marked ✓/✗, unlabelled
bullet lists of named options, and labels followed by a name ("Option A Redis: 7/10")."""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from heldout_reasoning import (
    TOPICS,
    Move,
    expression,
    finish,
    fmt,
    left,
    solution,
    solvable,
    walk_levels,
)


def tot_value(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """Proposals, then a ToT-style value per state left, then the selected one."""
    def written(cands: list[Move]) -> list[str]:
        return ["Possible next steps:",
                *(f"{fmt(x)} {op} {fmt(y)} = {fmt(r)} (left: {left(rest)})"
                  for x, op, y, r, rest in cands),
                "Evaluate:",
                *(f"{left(rest)}: "
                  + (rng.choice(["sure", "likely"]) if solvable(rest) else "impossible")
                  for *_, rest in cands)]

    def chosen(move: Move) -> str:
        x, op, y, r, rest = move
        return f"Selected: {fmt(x)} {op} {fmt(y)} = {fmt(r)} (left: {left(rest)})"

    opening = f"Input: {' '.join(fmt(n) for n in nums)}"
    return walk_levels(rng, nums, pick_best, opening, 3, written, chosen)


def hashed(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """"Attempt #k: expression = value ✓/✗", then the right one or a random one."""
    found = solution(rng, nums)
    if found is None:
        return None
    tries = [finish(rng, list(nums)) for _ in range(rng.randint(2, 3))]
    tries = [(s, v) for s, v in tries if v != 24] + [(found, Fraction(24))]
    rng.shuffle(tries)
    out = ["Let me brute-force a few combinations."]
    for i, (steps, value) in enumerate(tries, 1):
        mark = "✓ correct" if value == 24 else rng.choice(["✗", "✗ wrong", "✗ no"])
        out.append(f"Attempt #{i}: {expression(steps)} = {fmt(value)} {mark}")
    pick = found if pick_best else rng.choice(tries)[0]
    return "\n".join([*out, f"Final answer: {expression(pick)}"])


BULLET_WORDS = [["won't work here", "too risky", "a bad fit"],
                ["okay but has drawbacks", "acceptable"],
                ["the best fit", "clearly the strongest", "works well"]]


def bullets(rng: random.Random, kind: str) -> str:
    """Named options as a bullet list, judged in words (or not), and a pick by name."""
    q, opts = rng.choice(TOPICS)
    opts = rng.sample(opts, rng.randint(3, 4))
    rank = rng.sample(range(len(opts)), len(opts))  # len(opts) - 1 is the best
    out = [q]
    for o, r in zip(opts, rank, strict=True):
        level = 2 if r == len(opts) - 1 else min(r, 1)
        out.append(f"- {o}" + ("" if kind == "listed" else f": {rng.choice(BULLET_WORDS[level])}."))
    pick = opts[rank.index(len(opts) - 1)] if kind == "search" else rng.choice(opts)
    return "\n".join([*out, f"So I'll go with {pick}."])


def named_ratings(rng: random.Random, kind: str) -> str:
    """"Option A Redis: 7/10" lines, then the best-rated option or a random one."""
    q, opts = rng.choice(TOPICS)
    opts = rng.sample(opts, rng.randint(3, 4))
    scores = rng.sample(range(2, 10), len(opts))
    out = [q] + [f"Option {'ABCD'[k]} {o}: {s}/10" for k, (o, s) in enumerate(zip(opts, scores,
                                                                                  strict=True))]
    pick = scores.index(max(scores)) if kind == "search" else rng.randrange(len(opts))
    return "\n".join([*out, f"Going with option {'ABCD'[pick]}."])


def more_processes(rng: random.Random
                   ) -> dict[str, tuple[bool, Callable[[list[Fraction]], str | None]]]:
    return {
        "tot_value_best": (True, lambda n: tot_value(rng, n, True)),
        "tot_value_random": (False, lambda n: tot_value(rng, n, False)),
        "hashed_best": (True, lambda n: hashed(rng, n, True)),
        "hashed_random": (False, lambda n: hashed(rng, n, False)),
        "bullets_best": (True, lambda n: bullets(rng, "search")),
        "bullets_random": (False, lambda n: bullets(rng, "random")),
        "bullets_listed": (False, lambda n: bullets(rng, "listed")),
        "named_best": (True, lambda n: named_ratings(rng, "search")),
        "named_random": (False, lambda n: named_ratings(rng, "random")),
    }
