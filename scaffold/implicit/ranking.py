"""Judgements that set labelled options against each other, wherever they are written before
the choice: comparisons ("Option B is better than A"), superlatives ("the weakest is route B",
"Plan 2 is clearly the strongest") and rankings ("Ranking: C > A > B"). They judge only options
the text names by label and rates in no other way (a stated rating wins), and only before the
text commits: what it says after its choice is the choice's justification, not its cause."""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import Judgement, Option

_HEAD = rf"(?:(?i:{lx.HEAD_WORDS})\s*)"
_LABEL = r"(?P<{}>[A-Z]|\d{{1,2}})\b"
_TOP = ("best", "strongest", "most promising", "most robust", "top choice", "clear winner",
        "winner", "front-runner", "frontrunner")
_BOTTOM = ("worst", "weakest", "least promising", "least attractive", "riskiest")
_SUPER = "|".join(sorted(_TOP + _BOTTOM, key=len, reverse=True))
SUPERLATIVE = re.compile(
    rf"\b(?i:the)\s+(?P<w1>(?i:{_SUPER}))(?:\s+(?i:one|option|choice|bet|of (?:them|the \w+)))?"
    rf"\s+(?i:is|seems|looks like|would be)\s+(?i:clearly\s+|probably\s+)?{_HEAD}?"
    + _LABEL.format("l1")
    + rf"|\b{_HEAD}" + _LABEL.format("l2")
    + rf"\s+(?i:is|seems|looks like|looks)\s+(?i:clearly\s+|probably\s+|by far\s+)?(?i:the)\s+"
    rf"(?P<w2>(?i:{_SUPER}))")
"""A superlative about one label: "the weakest is route B", "Option C is by far the best"."""
RANKING = re.compile(
    r"\b(?i:ranking|ranked|rank order|best to worst|order of preference)\b[^\n:]{0,40}:"
    r"[ \t]*(?P<chain>[A-Z0-9][^\n]{0,120})")
"""A ranking line whose items are labels joined by ">" ("Ranking: C > A > B")."""
RANKED_LIST = re.compile(
    r"\b(?i:ranking|ranked|rank them|rank order|best to worst|order of preference)\b[^\n]{0,60}"
    r"[:\n][ \t]*$")
"""The line that introduces an enumerated list as a ranking ("Ranked from best to worst:")."""
_CHAIN = re.compile(rf"{_HEAD}?([A-Z]|\d{{1,2}})\b")


def rank_list(text: str, first_head: int, options: list[Option]) -> None:
    """Judge an enumerated list ("1. ClickHouse", "2. Postgres", ...) by its rank when the line
    before it introduces a ranking: the first 1, the last 0, in between evenly."""
    line = text.rfind("\n", 0, max(0, first_head - 1)) + 1
    m = RANKED_LIST.search(text, line, first_head)
    if len(options) < 2 or m is None:
        return
    labels = [o.attrs.get("label") for o in options]
    if labels != [str(k) for k in range(1, len(options) + 1)]:
        return
    phrase = m.group(0).rstrip()
    for k, o in enumerate(options):
        if not any(_scaled(j) for j in o.judgements):
            o.judgements.append(Judgement(1 - k / (len(options) - 1),
                                          (m.start(), m.start() + len(phrase)), phrase))


def _value(word: str) -> float:
    return 1.0 if word.lower() in _TOP else 0.0


def relative(text: str, start: int, end: int) -> list[tuple[str, Judgement]]:
    """(label, judgement) of every comparison, superlative and ranking in text[start:end]."""
    out: list[tuple[str, Judgement]] = []
    for m in lx.COMPARE.finditer(text, start, end):
        span = (m.start(), m.end())
        out += [(m.group("a").lower(), Judgement(0.75, span, m.group(0))),
                (m.group("b").lower(), Judgement(0.25, span, m.group(0)))]
    for m in SUPERLATIVE.finditer(text, start, end):
        label, word = (m.group("l1"), m.group("w1")) if m.group("l1") else (m.group("l2"),
                                                                            m.group("w2"))
        out.append((label.lower(), Judgement(_value(word), (m.start(), m.end()), m.group(0))))
    for m in RANKING.finditer(text, start, end):
        items = [i.strip() for i in m.group("chain").split(">")]
        labels = [c.group(1).lower() for i in items if (c := _CHAIN.fullmatch(i.rstrip(".")))]
        if len(items) < 2 or len(labels) != len(items) or len(set(labels)) != len(labels):
            continue
        span = (m.start(), m.end())
        out += [(label, Judgement(1 - k / (len(labels) - 1), span, m.group(0)))
                for k, label in enumerate(labels)]
    return out


def judge_relative(text: str, start: int, end: int, options: list[Option]) -> None:
    """Add the relative judgements of text[start:end] to the labelled options they name that
    the text does not rate on a scale."""
    by_label = {o.attrs.get("label"): o for o in options}
    for label, judgement in relative(text, start, end):
        o = by_label.get(label)
        if o is not None and not any(_scaled(j) for j in o.judgements):
            o.judgements.append(judgement)


_SCALE_WORD = re.compile(r"(?i)(?:score|rating|rated|grade|total|overall)\b")


def _scaled(j: Judgement) -> bool:
    """A rating on a scale ("7/10", "★★★☆☆", "grade: B", "score 7"), which relative words do
    not override."""
    p = j.phrase
    return "/" in p or p[:1].isdigit() or p[:1] in "★⭐" or _SCALE_WORD.match(p) is not None
