"""Countdown: reach a target from a few numbers with + - * /, positive whole intermediates only.

Instances come from a seeded generator that builds the target by random legal moves, so every
generated instance is solvable.
"""

from __future__ import annotations

import random
from fractions import Fraction

from scaffold.errors import InputError
from scaffold.tasks.arithmetic import COUNTDOWN_RULES, OPS, apply_op
from scaffold.tasks.target_number import TargetNumberTask, parse_numbers

TARGET_RANGE = (10, 100)


def generate(seed: int, count: int = 4) -> tuple[int, tuple[int, ...]]:
    """A solvable (target, numbers) pair; the same seed always gives the same pair."""
    rng = random.Random(f"countdown:{seed}:{count}")
    while True:
        numbers = tuple(rng.randint(1, 25) for _ in range(count))
        pool = [Fraction(n) for n in numbers]
        while len(pool) > 1:
            a, b = pool.pop(rng.randrange(len(pool))), pool.pop(rng.randrange(len(pool)))
            a, b = max(a, b), min(a, b)
            value = apply_op(a, rng.choice(OPS), b)
            if value is None or not COUNTDOWN_RULES.allows(value):
                value = a + b
            pool.append(value)
        target = int(pool[0])
        if TARGET_RANGE[0] <= target <= TARGET_RANGE[1] and target not in numbers:
            return target, numbers


def parse_instance(text: str) -> tuple[int, tuple[int, ...]]:
    """`"57: 3 8 12 40"` or `"3 8 12 40 -> 57"`."""
    if ":" in text:
        target_text, numbers_text = text.split(":", 1)
    elif "->" in text:
        numbers_text, target_text = text.split("->", 1)
    else:
        raise InputError(f"--puzzle: countdown wants 'TARGET: N N N N', got {text!r}")
    try:
        target = int(target_text.strip())
    except ValueError:
        raise InputError(f"--puzzle: countdown target must be a whole number: {text!r}") from None
    return target, parse_numbers(numbers_text, "--puzzle")


def countdown_task(puzzle: str | None = None, seed: int = 0) -> TargetNumberTask:
    target, numbers = parse_instance(puzzle) if puzzle else generate(seed)
    return TargetNumberTask("countdown", numbers, target, COUNTDOWN_RULES)
