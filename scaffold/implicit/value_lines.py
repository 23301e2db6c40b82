"""Settings of one parameter tried in turn, a line each, opening with the value and judged in
words ("At 1e-5, cleanest curve of the sweep.", "lr 3e-4 - diverged.", "- lr=1e-3: steady
decrease, lowest final loss."), then the value the text goes on with ("Setting lr=1e-5 in the
config."): how a sweep of a learning rate, a batch size or a timeout is written up.

Read conservatively: two to twelve lines, one value each, all distinct and all of one
parameter where the lines name it; each line is an option judged by its own words after the
value. The choice is the value a commitment, an answer or the text's last line says, alone
among the values tried, after the last of them (`trials` reads "n = 4:" unknowns in puzzles;
this reads named settings and bare values)."""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.bullets import Judge
from scaffold.implicit.model import Choice, DerivedDecision, Option
from scaffold.implicit.stated_choice import RANDOM_PICK

_NUMBER = r"\d+(?:\.\d+)?(?:[eE]-?\d+)?"
_LINE = re.compile(
    r"^[ \t]*(?:[-*\u2022+][ \t]+)?(?:(?i:at|with|for|try|trying|using)[ \t]+)?"
    r"(?:(?P<param>[A-Za-z_][\w.]{0,30})[ \t]*=?[ \t]*)?(?P<val>" + _NUMBER + r")"
    r"[ \t]*(?:,|:|->|\u2192|[ \t]-|\u2013|\u2014)[ \t]*(?P<said>\S[^\n]*)$", re.MULTILINE)
_TOKEN = re.compile(r"(?<![\w.])" + _NUMBER + r"(?![\w.]*\d)")
_MAX = 12
COUNTERS = frozenset({
    "step", "steps", "phase", "stage", "day", "week", "month", "year", "part", "item", "point",
    "round", "line", "row", "case", "question", "q", "task", "level", "page", "chapter",
    "section", "figure", "table", "note", "issue", "ticket", "pr", "no", "number"})
"""Words that count what follows them ("Step 2: run it."): their numbers set nothing."""


def extract_value_lines(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the values tried, one a line, and the one the text goes on with."""
    lines = list(_LINE.finditer(text))
    params = {m.group("param").lower() for m in lines if m.group("param")}
    values = [float(m.group("val")) for m in lines]
    if (not 2 <= len(lines) <= _MAX or len(params) > 1 or params & COUNTERS
            or len(set(values)) != len(values)):
        return []
    if not params and all(float(v).is_integer() and v < 20 for v in values):
        return []  # "1: …", "2 - …" count items, they set nothing
    options = [Option(f"o{i + 1}", (m.start(), m.end()), "value tried",
                      judge(text, m.start("said"), m.end()), attrs={"label": m.group("val")})
               for i, m in enumerate(lines)]
    choice = _chosen(text, lines[-1].end(), values, options)
    return [] if choice is None else [DerivedDecision("values tried", options, choice)]


_ANY_LINE = re.compile(r"^[^\n]*$", re.MULTILINE)


def _chosen(text: str, after: int, values: list[float], options: list[Option]) -> Choice | None:
    """The option whose value a line after `after` says alone, that line committing,
    answering or closing the text; none where the pick is said to be random."""
    if RANDOM_PICK.search(text, after) is not None:
        return None
    last = text.rstrip().rfind("\n") + 1
    found = None
    start = text.find("\n", after)
    for m in _ANY_LINE.finditer(text, len(text) if start < 0 else start + 1):
        line = m.group()
        if not (lx.COMMIT.search(line) or lx.ANSWER_LINE.match(line) or m.start() >= last):
            continue
        said = {float(t.group()) for t in _TOKEN.finditer(line)} & set(values)
        if len(said) == 1:
            found = Choice(options[values.index(said.pop())].id, m.span(),
                           "the text goes on with this value")
    return found
