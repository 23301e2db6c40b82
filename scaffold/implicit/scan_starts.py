"""Which of `lexicon.SCANNED`'s patterns `lexicon.scan` tries at a word: those whose trigger
words it starts with (`lexicon._kinds_of`), less those that cannot start a match there.

A pattern's starts are read from the pattern itself (`re._parser`): the literal text every match
must open with, one string per alternative, cut at the first thing that is not a literal (a
class of several characters, a repeat; an optional part is read both ways). A pattern is then
tried at a word only if the word and one of its starts agree as far as both go. The starts are
a necessary condition of a match, so leaving out the other patterns changes no match `scan`
finds, only the `match` calls that would have failed; the tables stay the only place to add
words.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import cast

from scaffold.implicit import lexicon as lx

_MAX_STARTS = 4096
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CLOSED = [("", False)]
"""Nothing known from here on."""


def _char(code: int) -> list[tuple[str, bool]]:
    """A literal character as it is compared with a word: ASCII lower-cased (a word is ASCII
    letters, and an ASCII letter matches another ignoring case only if they lower-case alike),
    an uncased character as itself, anything else unknown."""
    c = chr(code)
    if code < 128:
        return [(c.lower(), True)]
    if c.lower() == c == c.upper() and c.casefold() == c:
        return [(c, True)]
    return _CLOSED


def _item(op: object, av: object) -> list[tuple[str, bool]]:
    """The starts of one parsed item: (text, whether the item is wholly that text)."""
    if op is sre.LITERAL:
        return _char(av)  # type: ignore[arg-type]
    if op is sre.ASSERT_NOT and not av[1]:  # type: ignore[index]
        return []  # (?!): never matches
    if op in _ZERO_WIDTH:
        return [("", True)]
    if op is sre.IN:
        members = list(av)  # type: ignore[call-overload]
        if all(o is sre.LITERAL for o, _ in members):
            out = [s for _, a in members for s in _char(a)]
            return _CLOSED if ("", False) in out else out
        return _CLOSED
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])  # type: ignore[index]
    if op is sre.BRANCH:
        out = [s for branch in av[1] for s in _sequence(branch)]  # type: ignore[index]
        return _CLOSED if len(out) > _MAX_STARTS else out
    if op in _REPEATS:
        lo, _, body = cast(tuple[int, int, object], av)
        taken = [(s, False) for s, _ in _sequence(body)]
        return [("", True), *taken] if lo == 0 else taken
    return _CLOSED


def _sequence(items: object) -> list[tuple[str, bool]]:
    cur = [("", True)]
    for op, av in items:  # type: ignore[attr-defined]
        if not any(o for _, o in cur):
            break
        nxt = []
        for s, o in cur:
            if not o:
                nxt.append((s, False))
                continue
            nxt.extend((s + t, o2) for t, o2 in _item(op, av))
        if len(nxt) > _MAX_STARTS:
            return _CLOSED
        cur = nxt
    return cur


def starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The texts every match of `pattern` opens with (see the module docstring), or None when
    some match may open with anything."""
    found = {s for s, _ in _sequence(_parser.parse(pattern.pattern, pattern.flags))}
    return None if "" in found else tuple(sorted(found))


_STARTS = [starts(p) for p in lx.SCANNED.values()]


def _fits(low: str, ss: tuple[str, ...] | None) -> bool:
    return ss is None or any(s[:len(low)] == low[:len(s)] for s in ss)


KINDS: dict[str, tuple[int, ...]] = {}
"""`kinds_of` by word, as written: words repeat."""


def kinds_of(word: str) -> tuple[int, ...]:
    """The indices into SCANNED of the patterns to try at `word`."""
    kinds = KINDS.get(word)
    if kinds is None:
        low = word.lower()
        kinds = tuple(k for k in lx._kinds_of(word) if _fits(low, _STARTS[k]))
        if len(KINDS) < 100_000:
            KINDS[word] = kinds
    return kinds
