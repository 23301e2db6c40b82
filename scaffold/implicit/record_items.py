"""Options written as the items of a YAML-like list of records, each opening with the same key
("  - name: Yuki Tanaka" then "    coding: 3", "    avg: 2.00" indented under it): each item is
an option named by its first value, judged by what its lines say (ratings, totals and
measurements are read over it as for any list). The choice must name one of them, as for
bullets ("decision: offer -> Ravi Menon", "# going with Ravi Menon").

Read conservatively: at least two items in one run, at one indentation, that open with the
same key and have distinct values of two to sixty characters; each item's fields are the
lines indented deeper than its dash, and the run ends at the first line that is neither."""

from __future__ import annotations

import re

from scaffold.implicit.bullets import Judge, choice_by_name, name_of
from scaffold.implicit.model import DerivedDecision, Option

_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<key>[A-Za-z_][\w -]{0,30}?)[ \t]*:[ \t]*"
                   r"(?P<value>[^\n#]{2,60}?)[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
"""An item's opening line: its dash, its first key and that key's value."""
_LINE = re.compile(r"[^\n]*")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _runs(text: str) -> list[list[tuple[re.Match[str], int]]]:
    """Runs of items (each with the end of its last field line) at one indentation with one
    first key, in text order."""
    runs: list[list[tuple[re.Match[str], int]]] = []
    at = 0
    while (m := _ITEM.search(text, at)) is not None:
        depth, end = len(m.group("indent")), m.end()
        while end < len(text) and text[end] == "\n":
            line = _LINE.match(text, end + 1)
            assert line is not None
            said = line.group()
            if not said.strip() or _indent(said) <= depth:
                break
            end = line.end()
        last = runs[-1][-1] if runs else None
        if (last is not None and last[1] + 1 == m.start()
                and len(last[0].group("indent")) == depth
                and last[0].group("key").lower() == m.group("key").lower()):
            runs[-1].append((m, end))
        else:
            runs.append([(m, end)])
        at = max(end, m.end())
    return runs


def extract_record_items(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the first run of at least two items with distinct names, and the
    item a commitment or an answer after it names."""
    for run in _runs(text):
        names = [name_of(m.group("value")) for m, _ in run]
        if len(run) < 2 or not all(names) or len(set(names)) < len(names):
            continue
        options = [Option(f"o{i + 1}", (m.start(), end), "record item",
                          judge(text, m.end("value"), end), attrs={"label": names[i]})
                   for i, (m, end) in enumerate(run)]
        return [DerivedDecision("record items", options,
                                choice_by_name(text, options, names, run[-1][1]))]
    return []
