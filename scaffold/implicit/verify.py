"""The task verifier on a state: can the numbers left still make the target? The same answer as
`scaffold.tasks.arithmetic.can_reach`, with whole numbers kept as ints (much faster)."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from scaffold.implicit.arith_parse import Num, combine
from scaffold.tasks.arithmetic import Rules


def reachable(values: tuple[Num, ...], target: Num, rules: Rules) -> bool:
    """Whether `values`, each used once with + - * /, can make `target` under `rules`. Whole
    Fractions are read as ints first: `_results` divides ints only where they divide, and an
    equal key with Fractions in it would share the cache entry and its answer (8/8 was no
    move for Fraction(8) under Countdown's rules, so (3, 8, 8, 8) -> 3 could come out false
    after such a call)."""
    return _reach(tuple(sorted(_whole(v) for v in values)), _whole(target), rules.fractions,
                  rules.negatives)


def _whole(value: Num) -> Num:
    return value.numerator if isinstance(value, Fraction) and value.denominator == 1 else value


@lru_cache(maxsize=200_000)
def _reach(key: tuple[Num, ...], target: Num, fractions: bool, negatives: bool) -> bool:
    if len(key) == 1:
        return key[0] == target
    n = len(key)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = key[i], key[j]
            rest = key[:i] + key[i + 1:j] + key[j + 1:]
            for value in _results(a, b, fractions):
                if not negatives and value <= 0:
                    continue
                if _reach(tuple(sorted((*rest, value))), target, fractions, negatives):
                    return True
    return False


def _results(a: Num, b: Num, fractions: bool) -> set[Num]:
    """Every value one operation makes from a and b (fractions only when allowed)."""
    out = {a + b, a - b, b - a, a * b}
    for x, y in ((a, b), (b, a)):
        if y == 0:
            continue
        if isinstance(x, int) and isinstance(y, int) and x % y == 0:
            out.add(x // y)
        elif fractions:
            value = combine(x, "/", y)
            if value is not None:
                out.add(value)
    return out
