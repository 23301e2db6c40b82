"""Knockout rounds: options set against each other two at a time, each match with its winner
("Flutter vs a PWA → a PWA", "A PWA vs Xamarin: a PWA (low maintenance)"), then a choice that
names one.

Read conservatively: two or more matches whose winner is one of the two options by exactly
its name; the options are the names the matches set against each other, in the order they
first appear; in each match the winner is judged better than the loser (0.75 against 0.25,
as other comparisons of two); the choice must name an option (`stated_choice`).
"""

from __future__ import annotations

import re

from scaffold.implicit.bullets import choice_by_name, name_of
from scaffold.implicit.model import DerivedDecision, Judgement, Option

_SIDE = r"[^\n:;.!?\u2192>=]{1,60}?"
_MATCH = re.compile(
    rf"(?:^|(?<=[:;.])|(?<=\n))[ \t>*_-]*(?P<a>{_SIDE})[ \t]+(?:vs\.?|versus)[ \t]+(?P<b>{_SIDE})"
    r"[ \t]*(?:\u2192|->|=>|:)[ \t]*(?P<w>[^\n;.!?(]{1,60}?)[ \t]*(?=[;.!?(\n]|$)",
    re.IGNORECASE | re.MULTILINE)


def extract_knockout(text: str) -> list[DerivedDecision]:
    """At most one decision: the options of two or more decided matches, each winner judged
    above its loser, and the option the text then says it goes with."""
    matches = []
    for m in _MATCH.finditer(text):
        a, b, w = (name_of(m.group(g)) for g in "abw")
        if a and b and a != b and w in (a, b):
            matches.append((m, a, b, w))
    if len(matches) < 2:
        return []
    names: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    for m, a, b, _ in matches:
        for side, name in (("a", a), ("b", b)):
            if name not in spans:
                names.append(name)
                spans[name] = m.span(side)
    options = [Option(f"o{i + 1}", spans[n], "knockout entrant", attrs={"label": n})
               for i, n in enumerate(names)]
    by_name = dict(zip(names, options, strict=True))
    for m, a, b, w in matches:
        said = (m.start(), m.end())
        phrase = m.group(0).strip()
        by_name[w].judgements.append(Judgement(0.75, said, phrase))
        by_name[b if w == a else a].judgements.append(Judgement(0.25, said, phrase))
    after = matches[-1][0].end()

    return [DerivedDecision("knockout", options,
                            choice_by_name(text, options, names, after))]
