"""Stated ratings of a free-text option, read before its judging words: numbers ("7/10",
"score: 3 out of 5", "rating 8.5", "14 points out of 20"), stars ("★★★☆☆"), letter grades
("grade: B+"), and a verdict line ("Verdict: poor fit."). A rating is what the text says the
option is worth, so where an option has one, its other words (pros and cons, what it is like)
are description."""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import Judgement

_STARS = re.compile(r"(?P<full>[★⭐]+)(?:\ufe0f)?(?P<empty>☆*)")
_STAR_SCALE = 5
"""Stars with no empty ones ("⭐⭐⭐") are read out of five, the usual scale."""
_GRADE = re.compile(r"\b(?i:grade[ds]?|graded)\b[ \t]*(?i:of|as)?[ \t:=*_]*(?P<letter>[A-F])"
                    r"(?P<sign>[+\u2212-]?)(?![\w+])")
_GRADE_POINTS = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}
_GRADE_TOP = 4.3
VERDICT_LINE = re.compile(
    r"^[ \t>*#_-]*(?:verdict|bottom line|overall|assessment|conclusion|evaluation|judgement"
    r"|judgment|takeaway)\b[ \t*_]*[:=\u2013\u2014-][^\n]*", re.IGNORECASE | re.MULTILINE)
"""A line that sums an option up ("Verdict: strong contender."), judged on its own."""


def _numbers(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    for m in lx.RATING.finditer(text, start, end):
        num = float(m.group("num3") or m.group("num") or m.group("num2") or m.group("num4"))
        den = float(m.group("den3") or m.group("den") or m.group("den4") or 10)
        if 0 <= num <= den and den > 0:
            out.append(Judgement(num / den, (m.start(), m.end()), m.group(0)))
    return out


def _stars(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    for m in _STARS.finditer(text, start, end):
        full, empty = len(m.group("full")), len(m.group("empty"))
        scale = full + empty if empty else max(full, _STAR_SCALE)
        out.append(Judgement(full / scale, (m.start(), m.end()), m.group(0)))
    return out


def _grades(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    for m in _GRADE.finditer(text, start, end):
        points = _GRADE_POINTS[m.group("letter")]
        if points > 0 and m.group("sign"):
            points += 0.3 if m.group("sign") == "+" else -0.3
        out.append(Judgement(points / _GRADE_TOP, (m.start(), m.end()), m.group(0)))
    return out


def rated(text: str, start: int, end: int) -> list[Judgement]:
    """The option's stated ratings in text[start:end], else the judging words of its verdict
    lines, else nothing (the caller reads its other words)."""
    found = _numbers(text, start, end) + _stars(text, start, end) + _grades(text, start, end)
    if found:
        return sorted(found, key=lambda j: j.span)
    return [Judgement(v, (s, e), p)
            for line in VERDICT_LINE.finditer(text, start, end)
            for v, s, e, p in lx.judgements_in(text, line.start(), line.end())]
