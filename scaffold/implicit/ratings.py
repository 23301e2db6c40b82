"""Stated ratings of a free-text option, read before its judging words: numbers ("7/10",
"score: 3 out of 5", "rating 8.5", "14 points out of 20"), stars ("★★★☆☆"), letter grades
("grade: B+", "Rating: A-"), stated chances ("about 70% confident", "chance of success: 40%")
and a verdict line ("Verdict: poor fit."). A rating is what the text says the
option is worth, so where an option has one, its other words (pros and cons, what it is like)
are description."""

from __future__ import annotations

import re
from functools import lru_cache

from scaffold.implicit import lexicon as lx
from scaffold.implicit.measured import HIGHER_NAMES, LOWER_BETTER, LOWER_NAMES, placed
from scaffold.implicit.model import Judgement

_STARS = re.compile(r"(?P<full>[★⭐]+)(?:\ufe0f)?(?P<empty>☆*)")
_STAR_WORDS = re.compile(r"(?<![/\d.])(?<!of )\b(?P<n>one|two|three|four|five|[0-5])[ \t]+stars?\b",
                         re.IGNORECASE)
"""Stars in words, out of five: "a solid three stars", "one star"; not the scale of "2/5 stars"
or "2 out of 5 stars", which the number reads."""
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_STAR_SCALE = 5
"""Stars with no empty ones ("⭐⭐⭐") are read out of five, the usual scale."""
_GRADE = re.compile(r"\b(?i:grade[ds]?|graded)\b[ \t]*(?i:of|as)?[ \t:=*_]*(?P<letter>[A-F])"
                    r"(?P<sign>[+\u2212-]?)(?![\w+])")
_GRADE_END = r"(?=[ \t*_]*(?:[,.;:!?)(\n\u2013\u2014]|[ \t]-|$|from\b|overall\b|for\b))"
"""What may follow a letter grade: punctuation, the line's end, "from me", "for design"; so "gets
a C compiler" is no grade."""
_GIVEN_GRADE = re.compile(
    r"\b(?i:gets?|got|give[sn]?|gave|earns?|earned|deserves?|grading[^:\n]{1,60}:"
    r"|grade[ \t][^,\n]{1,60},)(?:[ \t]+(?i:it|them|him|her))?[ \t]+(?:(?i:an?|a solid)[ \t]+)?"
    r"(?P<letter>[A-F])(?P<sign>[+\u2212-]?)(?![\w+])" + _GRADE_END)
"""A letter grade given: "gets a C from me", "I'd give it a B-", "Grading Loki: C+", "If I had to
grade the grinder, a B+"."""
_LETTER_RATING = re.compile(
    r"(?:^|(?<=[(,;|\u2013\u2014])|(?<=\s[-\u2013\u2014])|(?<=[.!?][ \t]))[ \t>*_-]*(?P<word>"
    r"(?i:rating|score|mark)s?[ \t*_]*[:=][ \t*_]*(?P<letter>[A-F])(?P<sign>[+\u2212-]?))"
    r"(?![\w+])", re.MULTILINE)
"""A letter in a rating's place without the word grade ("Rating: B+", "- Score: A-"), only
at a line's or sentence's start or after a separator, so "the best score: B" (an option) is
not read."""
_WORKING = (r"(?:[ \t]+(?:of|that|it|to)(?:[ \t]+(?:it|this|the[ \t]+plan))?[ \t]+(?:success"
            r"|succeeding|succeeds|working|works?|pays[ \t]+off))?")
_PERCENT = re.compile(
    r"(?P<pct>\d{1,3}(?:\.\d+)?)[ \t]*%[ \t]+(?:(?:chance|probability|likelihood|odds|shot)\b"
    rf"{_WORKING}(?![ \t]+of\b)|(?:confident|sure|certain|likely)\b)"
    rf"|\b(?:confidence|certainty|likelihood|chance|probability|odds){_WORKING}"
    r"(?:[ \t]+(?:in|for|on)[ \t]+[^.!?\n%]{1,50}?\?)?[ \t*_]*"
    r"(?:[:=~\u2248][ \t]*|(?:is|are|at|of|about|around|roughly|maybe)[ \t]+){0,3}"
    r"(?P<pct2>\d{1,3}(?:\.\d+)?)[ \t]*%"
    r"|\b(?:i'?d|i would|i)[ \t]+(?:put|peg|place|rate|give)\b[^.!?;\n%]{0,50}?[ \t]"
    r"(?:at|it)[ \t]+(?:(?:roughly|about|around|maybe|only|just|a)[ \t]+)?"
    r"(?P<pct3>\d{1,3}(?:\.\d+)?)[ \t]*%(?![ \t]+(?:of|more|less|cheaper|faster|slower)\b)"
    r"|\bcall[ \t]+it[ \t]+(?:(?:roughly|about|around|maybe)[ \t]+)?"
    r"(?P<pct4>\d{1,3}(?:\.\d+)?)[ \t]*%(?![ \t]+(?:of|more|less|cheaper|faster|slower)\b)",
    re.IGNORECASE)
"""A stated chance that the option works, in percent: "70% confident", "a 40% chance",
"chance of success: about 60%", "Confidence in the train? About 80%", "I'd put the train at
roughly 80%", "a 30% shot", "call it 60%". A bare percentage ("30% cheaper", "70% of users")
is a fact about the option, not its worth, and is not read."""
_PUT_ON = re.compile(
    r"\b(?:(?:i'?d|i would|i)[ \t]+put[ \t]+(?:(?:roughly|about|around|maybe)[ \t]+)?"
    r"(?P<pct>\d{1,3}(?:\.\d+)?)[ \t]*%[ \t]+on\b"
    r"|maybe[ \t]+(?P<pct2>\d{1,3}(?:\.\d+)?)[ \t]*%[ \t]+(?:it'?s|that)\b"
    r"|i'?d[ \t]+say[ \t]+(?P<pct3>\d{1,3}(?:\.\d+)?)[ \t]*(?:%|[ \t]*percent\b))", re.IGNORECASE)
"""More ways to state a chance: "I'd put 45% on old firmware", "Maybe 30% it's the battery",
"I'd say 10 percent"."""
_AGAINST = re.compile(r"\b(?:fail\w*|not|never|break\w*|crash\w*|wrong|won't|doesn't|can't"
                      r"|miss\w*|error\w*)\b|n't\b", re.IGNORECASE)
"""Words that make a stated chance the chance of failing ("80% likely to fail")."""
_GRADE_POINTS = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}
_GRADE_TOP = 4.3
VERDICT_LINE = re.compile(
    r"^[ \t>*#_-]*(?:verdict|bottom line|overall|assessment|conclusion|evaluation|judgement"
    r"|judgment|takeaway|result|outcome)\b[ \t*_]*[:=\u2013\u2014-][^\n]*",
    re.IGNORECASE | re.MULTILINE)
"""A line that sums an option up ("Verdict: strong contender.", "Result: 210 ms"), judged on its
own."""


def _numbers(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    for m in lx.RATING.finditer(text, start, end):
        groups = m.groupdict()
        num = float(next((groups[g] for g in _NUMS if groups[g]), groups["all"]))
        den = float(next((groups[g] for g in _DENS if groups[g]), groups["all"] or 10))
        if 0 <= num <= den and den > 0:
            out.append(Judgement(num / den, (m.start(), m.end()), m.group(0)))
    return out


_NUMS = ("num3", "num", "num2", "num4", "num5", "num6", "num7", "num8", "num9")
_DENS = ("den3", "den", "den4", "den5", "den6", "den7", "den8", "den9")


def _stars(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    for m in _STARS.finditer(text, start, end):
        full, empty = len(m.group("full")), len(m.group("empty"))
        scale = full + empty if empty else max(full, _STAR_SCALE)
        out.append(Judgement(full / scale, (m.start(), m.end()), m.group(0)))
    for m in _STAR_WORDS.finditer(text, start, end):
        n = m.group("n").lower()
        out.append(Judgement(int(_NUMBER_WORDS.get(n, n)) / _STAR_SCALE, m.span(), m.group(0)))
    return out


def _grades(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    graded = sorted([*_GRADE.finditer(text, start, end), *_GIVEN_GRADE.finditer(text, start, end)],
                    key=lambda m: m.start())
    found = [(m, m.start(), m.end()) for m in graded] + [
        (m, m.start("word"), m.end("word")) for m in _LETTER_RATING.finditer(text, start, end)
        if not any(g.start() <= m.start("letter") < g.end() for g in graded)]
    for m, s, e in sorted(found, key=lambda f: f[1]):
        out.append(Judgement(_grade(m.group("letter"), m.group("sign")), (s, e), text[s:e]))
    return out


def _percents(text: str, start: int, end: int) -> list[Judgement]:
    out = []
    for m in sorted([*_PERCENT.finditer(text, start, end), *_PUT_ON.finditer(text, start, end)],
                    key=lambda m: m.start()):
        pct = float(next(g for g in m.groupdict().values() if g is not None))
        clause_end = min((i for i in (text.find(c, m.end(), end) for c in ".;\n") if i >= 0),
                         default=end)
        if pct <= 100 and not _AGAINST.search(text, m.end(), clause_end):
            out.append(Judgement(pct / 100, (m.start(), m.end()), m.group(0)))
    return out


def _grade(letter: str, sign: str) -> float:
    points = _GRADE_POINTS[letter]
    if points > 0 and sign:
        points += 0.3 if sign == "+" else -0.3
    return points / _GRADE_TOP


_LETTER = (r"(?P<letter>[A-F])(?P<sign>[+\u2212-]?)(?![\w+])"
           r"(?=[ \t*_]*(?:[,.;!)\n]|$)|[ \t]+at[ \t]+(?:best|most)\b)")


def named_grades(text: str, start: int, end: int, name: str) -> list[Judgement]:
    """Bare letter grades that follow the option's own name in text[start:end] ("Sharding: A.",
    "The train - B, honestly", "A rideshare? C at best") or that the text gives it ("I'd give
    the night bus a C"). Without the name a bare letter is not read: "Pick: B" names an
    option."""
    found = [m for p in _grade_patterns(name) for m in p.finditer(text, start, end)]
    return [Judgement(_grade(m.group("letter"), m.group("sign")), (m.start(), m.end()),
                      m.group(0)) for m in sorted(found, key=lambda m: m.start())]


@lru_cache(maxsize=4096)
def _grade_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    said = re.escape(name).replace("\\ ", "[ \t]+")
    return (re.compile(rf"(?<!\w)(?i:{said})[ \t*_]*(?:[:?]|[ \t]*[-\u2013\u2014])[ \t*_]*"
                       rf"{_LETTER}"),
            re.compile(rf"\b(?i:give|gave|giving|grade|rate)[ \t]+(?:(?i:the[ \t]+)?(?i:{said})"
                       rf"|it|this(?: one)?)[ \t]+(?:an?[ \t]+)?{_LETTER}"))


def rated(text: str, start: int, end: int) -> list[Judgement]:
    """The option's stated ratings in text[start:end], else the judging words of its verdict
    lines, else nothing (the caller reads its other words)."""
    found = (_numbers(text, start, end) + _stars(text, start, end) + _grades(text, start, end)
             + _percents(text, start, end))
    if found:
        return sorted(found, key=lambda j: j.span)
    return [Judgement(v, (s, e), p)
            for line in VERDICT_LINE.finditer(text, start, end)
            for v, s, e, p in lx.judgements_in(text, line.start(), line.end())]


_SCORE_HEADER = re.compile(r"^[ \t*_]*(?:(?:weighted|final|grand)[ \t]+)?(?:(?:score|rating"
                           r"|point|mark|grade)s?|(?:total|overall)(?:[ \t]+score)?)[ \t*_]*"
                           r"(?:\([^)]*\))?[ \t*_]*$", re.IGNORECASE)
"""A column header that names a rating: "Score", "Rating (/10)", "Total score", "Weighted
total"; not "Total cost", whose higher numbers are worse."""
BARE_NUMBER = re.compile(r"[ \t*_]*(?P<num>\d+(?:\.\d+)?)[ \t*_]*$")
SCALES = (5.0, 10.0, 100.0)


def cells(line: str) -> list[tuple[int, str]]:
    """(offset in the line, text) of each cell of a markdown table row."""
    out = []
    inner = line.strip()
    start = line.find(inner[:1]) if inner else 0
    parts = inner.strip("|").split("|")
    at = start + (1 if inner.startswith("|") else 0)
    for part in parts:
        out.append((at, part))
        at += len(part) + 1
    return out


def header_cells(text: str, first_row: int) -> list[tuple[int, str]]:
    """The cells of the header row of the table whose first row below the rule starts at
    `first_row`."""
    rule_end = text.rfind("\n", 0, first_row)
    rule_start = text.rfind("\n", 0, max(0, rule_end)) + 1
    header_start = text.rfind("\n", 0, max(0, rule_start - 1)) + 1
    return cells(text[header_start:max(header_start, rule_start - 1)])


def score_column(text: str, rows: list[tuple[int, int]]) -> list[Judgement | None]:
    """The judgement each table row (its start and end in `text`) states in a column headed
    "Score" (or "Rating", "Points", "Total", "Grade"…) as a bare number; Nones where the table
    has no such column, a row no number there, or fewer than two rows one. Numbers are read on
    the smallest of 5, 10 and 100 that holds them all, else on their maximum."""
    none: list[Judgement | None] = [None] * len(rows)
    if len(rows) < 2:
        return none
    header = header_cells(text, rows[0][0])
    column = next((k for k, (_, cell) in enumerate(header) if _SCORE_HEADER.match(cell)), None)
    if column is None or column == 0:
        return none
    found = [None if m is None else (float(m.group("num")), m.start("num"), m.end("num"),
                                     m.group("num"))
             for m in _in_column(text, rows, column, BARE_NUMBER)]
    return on_scale(found, SCALES)


def _in_column(text: str, rows: list[tuple[int, int]], column: int, pattern: re.Pattern[str]
               ) -> list[re.Match[str] | None]:
    """`pattern` matched against the whole of each row's cell in `column` (positions in
    `text`), None for a row with no such cell or no match."""
    hits: list[re.Match[str] | None] = []
    for start, end in rows:
        row = cells(text[start:end])
        if column >= len(row):
            hits.append(None)
            continue
        at = start + row[column][0]
        hits.append(pattern.match(text, at, at + len(row[column][1])))
    return hits


_METRIC_HEADER = re.compile(
    rf"(?:(?<![A-Za-z0-9.])(?:(?P<lower>{LOWER_NAMES})|(?P<higher>{HIGHER_NAMES}))"
    rf"|(?<![\w.])(?:(?P<lower_unit>ms|\$|£|€)|(?P<higher_unit>rps|req/s|tok/s|qps)))"
    r"(?![A-Za-z0-9.])", re.IGNORECASE)
"""A column header naming a metric whose name says which way is better: "Cost / million",
"p50 (ms)", "Price ($/h)", "Throughput", "val_loss"; not a unit inside a name ("fit_ms")."""


def _way(m: re.Match[str]) -> int:
    return 1 if m.group("higher") or m.group("higher_unit") else -1


_CELL_NUMBER = re.compile(r"[ \t*_`]*[£$€]?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)[ \t]*[a-z%/]*"
                          r"[ \t*_`]*$", re.IGNORECASE)


def metric_column(text: str, rows: list[tuple[int, int]]) -> list[Judgement | None]:
    """Each table row's number in the last column whose header names a metric of one way
    (`_METRIC_HEADER`: a cost, a time, a price lower; a throughput, an accuracy higher),
    placed between the worst (0) and the best (1); Nones where there is no such column, a
    row states no number there, or fewer than two rows do."""
    none: list[Judgement | None] = [None] * len(rows)
    if len(rows) < 2:
        return none
    ways = [(k, {_way(m) for m in _METRIC_HEADER.finditer(cell)})
            for k, (_, cell) in enumerate(header_cells(text, rows[0][0]))]
    column = next((k for k, way in reversed(ways) if len(way) == 1 and k > 0), None)
    if column is None:
        return none
    hits = _in_column(text, rows, column, _CELL_NUMBER)
    if sum(m is not None for m in hits) < 2:
        return none
    return placed(hits, ways[column][1].pop())


_CSV_NUMBER = re.compile(r"[ \t]*(?P<num>\d+(?:\.\d+)?)[ \t]*$")


def csv_metric_column(text: str, rows: list[tuple[int, int]]) -> list[Judgement | None]:
    """`metric_column` for rows of comma-separated values ("0.1,31.01,3.3") under a header
    line of as many names ("alpha,rmse,fit_ms"): each row one line, each with the header's
    number of fields; Nones otherwise."""
    none: list[Judgement | None] = [None] * len(rows)
    head_end = rows[0][0] - 1 if rows else -1
    if len(rows) < 2 or head_end < 0 or text[head_end] != "\n":
        return none
    header = text[text.rfind("\n", 0, head_end) + 1:head_end].split(",")
    fields = [text[a:b].split(",") for a, b in rows]
    if len(header) < 2 or any("\n" in text[a:b] or len(f) != len(header)
                              for (a, b), f in zip(rows, fields, strict=True)):
        return none
    ways = [{_way(m) for m in _METRIC_HEADER.finditer(name)} for name in header]
    column = next((k for k in reversed(range(1, len(header))) if len(ways[k]) == 1), None)
    if column is None:
        return none
    hits = []
    for (start, _), row in zip(rows, fields, strict=True):
        at = start + sum(len(cell) + 1 for cell in row[:column])
        hits.append(_CSV_NUMBER.match(text, at, at + len(row[column])))
    if sum(m is not None for m in hits) < 2:
        return none
    return placed(hits, ways[column].pop())


def on_scale(found: list[tuple[float, int, int, str] | None], scales: tuple[float, ...]
              ) -> list[Judgement | None]:
    """Numbers (with their spans and words) as judgements on the smallest of `scales` that
    holds them all, else on their maximum; all None unless at least two were found."""
    values = [f[0] for f in found if f is not None]
    if len(values) < 2:
        return [None] * len(found)
    top = max(values)
    scale = next((s for s in scales if top <= s), top) or 1.0
    return [None if f is None else Judgement(f[0] / scale, (f[1], f[2]), f[3]) for f in found]


_NUM = r"\d+(?:\.\d+)?"
_TOTAL = re.compile(
    rf"\b(?:total|sum|overall|avg|average)(?:[ \t]+(?:score|points|rating))?[ \t*_]*"
    rf"(?:[:=]|\b(?:is|of)\b)?[ \t*_]*(?P<num>{_NUM})(?:[ \t]*(?:points?|pts)\b)?"
    r"(?![ \t]*[\w$%/]|\.\d)"
    rf"|(?<![\w$.,])(?P<num2>{_NUM})[ \t]*(?:points?[ \t]+|pts[ \t]+)?(?:in[ \t]+)?total\b"
    r"(?![ \t]*[a-z])", re.IGNORECASE)
"""A stated total: "-> total 7", "total: 7", "overall score 12", "7 points in total", or an
average of the ratings ("avg: 3.33")."""
_NOT_WORTH = frozenset({
    "cost", "costs", "price", "risk", "risks", "effort", "time", "penalty", "debt", "spend",
    "budget", "latency", "error", "errors", "bug", "bugs", "downtime", "hours", "days", "weeks",
    "months", "minutes", "dollars", "calories", "distance", "miles"})
"""Words before "total" that make it an amount whose higher numbers are worse ("risk total 5")."""
_WORD_BEFORE = re.compile(r"([a-z]+)[ \t]+$", re.IGNORECASE)
TOTAL_SCALES = (5.0, 10.0, 20.0, 50.0, 100.0)


def stated_totals(text: str, spans: list[tuple[int, int]]) -> list[Judgement | None]:
    """The total each option (its span in `text`) states, as its rating: a rubric's sum
    ("speed 3, risk 1 -> total 4", "7 points in total") is what the text says the option is
    worth. Nones unless at least two options state one, and all of them where the text says
    lower is better; the last total in an option counts (a sum revised). Read on the smallest
    of 5, 10, 20, 50 and 100 that holds every total. A cost's or a risk's total ("risk total
    5", "total cost 7") is not read."""
    if len(spans) < 2 or LOWER_BETTER.search(text) is not None:
        return [None] * len(spans)
    found: list[tuple[float, int, int, str] | None] = []
    for start, end in spans:
        last = None
        for m in _TOTAL.finditer(text, start, end):
            before = _WORD_BEFORE.search(text, max(start, m.start() - 20), m.start())
            if before is None or before.group(1).lower() not in _NOT_WORTH:
                last = m
        if last is None:
            found.append(None)
            continue
        group = "num" if last.group("num") is not None else "num2"
        num = last.group(group)
        found.append((float(num), last.start(group), last.end(group), last.group(0).strip()))
    return on_scale(found, TOTAL_SCALES)
