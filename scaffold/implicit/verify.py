"""The task verifier on a state: can the numbers left still make the target? The same answer as
`scaffold.tasks.arithmetic.can_reach`, with whole numbers kept as ints (much faster)."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from scaffold.implicit.arith_parse import Num, combine
from scaffold.tasks.arithmetic import Rules


def reachable(values: tuple[Num, ...], target: Num, rules: Rules) -> bool:
    """Whether `values`, each used once with + - * /, can make `target` under `rules`. Whole
    numbers are ints at every step (see `_results`)."""
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
    """Every value one operation makes from a and b (fractions only when allowed). Whole values
    come out as ints: a key holding Fraction(9) is equal to one holding 9 and shares its cache
    entry, so it must get the same answer (16/8 was no Countdown move for Fraction(8): the state
    16, 8/3, 3 cached (8, 16) -> 2 as false, and every later call through that key agreed)."""
    out = {a + b, a - b, b - a, a * b}
    if isinstance(a, int) and isinstance(b, int):
        for x, y in ((a, b), (b, a)):
            if y != 0 and (fractions or x % y == 0):
                out.add(x // y if x % y == 0 else Fraction(x, y))
        return out
    for top, bottom in ((a, b), (b, a)):
        value = combine(top, "/", bottom)
        if value is not None:
            out.add(value)
    whole = {_whole(v) for v in out}
    return whole if fractions else {v for v in whole if isinstance(v, int)}
