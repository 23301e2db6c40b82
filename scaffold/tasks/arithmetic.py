"""Exact arithmetic on number multisets: the rules, one move, and memoised reachability.

Game of 24 and Countdown share this core. Numbers are `Fraction`s so 8 / (3 - 8 / 3) is exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

OPS = ("+", "-", "*", "/")


@dataclass(frozen=True)
class Rules:
    """Which intermediate results a game allows."""

    fractions: bool = True
    negatives: bool = True

    def allows(self, value: Fraction) -> bool:
        if not self.fractions and value.denominator != 1:
            return False
        return self.negatives or value > 0


GAME24_RULES = Rules(fractions=True, negatives=True)
COUNTDOWN_RULES = Rules(fractions=False, negatives=False)


def fmt(value: Fraction) -> str:
    """13, -3 or 13/3: the shortest exact spelling."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def fmt_all(values: Iterable[Fraction]) -> str:
    return " ".join(fmt(v) for v in values)


def parse_number(text: str) -> Fraction:
    """An integer, decimal or a/b fraction; raises ValueError otherwise."""
    return Fraction(text.replace(" ", ""))


def apply_op(a: Fraction, op: str, b: Fraction) -> Fraction | None:
    """a op b, or None for division by zero."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return None if b == 0 else a / b
    raise ValueError(f"unknown operator {op!r}")


def sorted_key(values: Iterable[Fraction]) -> tuple[Fraction, ...]:
    return tuple(sorted(values))


def remove_operands(left: tuple[Fraction, ...], a: Fraction, b: Fraction) -> list[Fraction] | None:
    """`left` without one `a` and one `b`, or None if either is missing."""
    rest = list(left)
    for x in (a, b):
        if x not in rest:
            return None
        rest.remove(x)
    return rest


def can_reach(values: Iterable[Fraction], target: Fraction, rules: Rules = GAME24_RULES) -> bool:
    """Whether the numbers, each used once, can be combined into `target`."""
    return _reach(sorted_key(values), Fraction(target), rules)


@lru_cache(maxsize=200_000)
def _reach(key: tuple[Fraction, ...], target: Fraction, rules: Rules) -> bool:
    if len(key) == 1:
        return key[0] == target
    for i in range(len(key)):
        for j in range(i + 1, len(key)):
            rest = key[:i] + key[i + 1 : j] + key[j + 1 :]
            for value in _combinations(key[i], key[j]):
                if rules.allows(value) and _reach(sorted_key((*rest, value)), target, rules):
                    return True
    return False


def _combinations(a: Fraction, b: Fraction) -> set[Fraction]:
    out = {a + b, a - b, b - a, a * b}
    if b != 0:
        out.add(a / b)
    if a != 0:
        out.add(b / a)
    return out


def solve(values: Iterable[Fraction], target: Fraction, rules: Rules = GAME24_RULES) -> str | None:
    """One expression that reaches `target`, or None. Used for references and tests."""
    items = [(Fraction(v), fmt(Fraction(v))) for v in values]
    return _solve(items, Fraction(target), rules)


def _solve(items: list[tuple[Fraction, str]], target: Fraction, rules: Rules) -> str | None:
    if len(items) == 1:
        return items[0][1] if items[0][0] == target else None
    if not can_reach([v for v, _ in items], target, rules):
        return None
    for i in range(len(items)):
        for j in range(len(items)):
            if i == j:
                continue
            (a, ea), (b, eb) = items[i], items[j]
            rest = [items[k] for k in range(len(items)) if k not in (i, j)]
            for op in OPS:
                value = apply_op(a, op, b)
                if value is None or not rules.allows(value):
                    continue
                found = _solve([*rest, (value, f"({ea} {op} {eb})")], target, rules)
                if found is not None:
                    return found[1:-1] if found.startswith("(") and len(rest) == 0 else found
    return None
