"""A quantity an option's own line stated, corrected further down before the choice
("Bitwarden Premium: $21/month." … "Wait, no. Let me re-check Bitwarden Premium - $21 was
the first-year promo; it's $27 after that."): reasoning models check their own figures, and
the pick follows the value they revised, not the first one.

Read conservatively: every option must be judged by one quantity placed among the others
(`measured.placed`), and a sentence corrects an option only where it has a cue of
correction ("actually", "re-check", "wait", "hold on", "in fact", "after that"), names
that option and no other, and states a quantity of its kind or in its currency; the
sentence's last such quantity is the option's value from then on. The options are then
placed again, the same way round."""

from __future__ import annotations

import re

from scaffold.implicit.bullets import mentioned
from scaffold.implicit.measured import placed, quantities
from scaffold.implicit.model import Option
from scaffold.implicit.prose_list import SENTENCE

_CUE = re.compile(r"\b(?:actually|in fact|correction|corrected|wait|hold on|re-?check(?:ed|ing)?"
                  r"|after that|mis-?read|typo|scratch that|on second thought)\b", re.IGNORECASE)
CORRECTION_START = re.compile(r"[ \t]*(?:wait|hold on|actually|scratch that|on second thought"
                              r"|correction)\b", re.IGNORECASE)
"""A line that opens by going back on what was said: the text reviewing its list, no longer
describing the option above it."""


def correct_quantities(text: str, start: int, end: int, options: list[Option],
                       names: list[str]) -> None:
    """Re-place, in place, the options' quantity judgements where a sentence in
    text[start:end] corrects one (module docstring)."""
    stated = [_stated(text, o) for o in options]
    if len(options) < 2 or any(s is None for s in stated):
        return
    kinds = [s[0] for s in stated if s is not None]
    hits = [s[1] for s in stated if s is not None]
    values = [float(m.group("num").replace(",", "")) for m in hits]
    places = [o.judgements[0].value for o in options]
    if 1.0 not in places or 0.0 not in places:
        return  # all alike: no way round to keep
    best, worst = places.index(1.0), places.index(0.0)
    if values[best] == values[worst]:
        return
    way = 1 if values[best] > values[worst] else -1
    changed = False
    for sentence in SENTENCE.finditer(text, start, end):
        a, b = sentence.span()
        said = mentioned(text, a, b, names)
        if _CUE.search(text, a, b) is None or len(said) != 1:
            continue
        i = said.pop()
        same = [m for k, m in quantities(text, a, b) if _same_kind(k, kinds[i])]
        if same and same[-1].group("num") != hits[i].group("num"):
            hits[i], changed = same[-1], True
    if changed:
        for o, j in zip(options, placed(list(hits), way), strict=True):
            o.judgements = [] if j is None else [j]


def _stated(text: str, option: Option) -> tuple[str, re.Match[str]] | None:
    """The kind and match of the one quantity the option is judged by, or None."""
    if len(option.judgements) != 1:
        return None
    a, b = option.judgements[0].span
    found = [(k, m) for k, m in quantities(text, a, b) if m.span() == (a, b)]
    return found[0] if len(found) == 1 else None


def _same_kind(said: str, stated: str) -> bool:
    """A quantity of the stated kind, or an amount in a price's currency ("it's $27" of
    "$21/month")."""
    return said == stated or (len(said) == 1 and stated.startswith(said + "/"))
