"""A decision matrix with the options as its columns: criteria in the rows, one column an
option, and a row of totals ("| **Weighted total** | 29 | 36 | 17 |"), then a choice that
names one of the header's options.

Read conservatively: a markdown table whose header names two to six distinct options after
its first cell, and one row below the rule whose first cell says "total" (or "sum", "overall",
"score") with a bare number under every option; the totals are the options' ratings, on the
smallest of 5, 10, 20, 50 and 100 that holds them all, and nothing is read where the text
says lower is better. The option's span is its header cell.
"""

from __future__ import annotations

import re

from scaffold.implicit.bullets import RULE, choice_by_name, name_of
from scaffold.implicit.measured import LOWER_BETTER
from scaffold.implicit.model import DerivedDecision, Option
from scaffold.implicit.ratings import BARE_NUMBER, TOTAL_SCALES, cells, on_scale

_TOTAL_ROW = re.compile(r"^[ \t*_]*(?:weighted[ \t]+)?(?:total|sum|overall|score)s?"
                        r"(?:[ \t]+(?:score|points))?[ \t*_:]*(?:\([^)\n]*\))?[ \t*_]*$",
                        re.IGNORECASE)
_MAX_OPTIONS = 6
_MAX_WORDS = 6


def _line_at(text: str, start: int) -> tuple[int, int]:
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def extract_matrix(text: str) -> list[DerivedDecision]:
    """At most one decision: the columns of the first table with a totals row, and the option a
    commitment or an answer after the table names."""
    if "|" not in text or LOWER_BETTER.search(text) is not None:
        return []
    for rule in RULE.finditer(text):
        if rule.start() == 0:
            continue
        head_start, head_end = _line_at(text, text.rfind("\n", 0, rule.start() - 1) + 1)
        header = [(head_start + at, cell) for at, cell in cells(text[head_start:head_end])]
        names = [name_of(cell) for _, cell in header[1:]]
        if (not 2 <= len(names) <= _MAX_OPTIONS or not all(names) or len(set(names)) != len(names)
                or any(len(n.split()) > _MAX_WORDS for n in names)):
            continue
        at, totals, table_end = rule.end() + 1, None, rule.end()
        while at < len(text) and text[slice(*_line_at(text, at))].lstrip().startswith("|"):
            start, end = _line_at(text, at)
            row = [(start + k, cell) for k, cell in cells(text[start:end])]
            if totals is None and len(row) == len(header) and _TOTAL_ROW.match(row[0][1]):
                totals = row
            table_end, at = end, end + 1
        if totals is None:
            continue
        found = [None if (m := BARE_NUMBER.match(cell)) is None else
                 (float(m.group("num")), k + m.start("num"), k + m.end("num"), cell.strip(" *_"))
                 for k, cell in totals[1:]]
        said = on_scale(found, TOTAL_SCALES)
        if None in said:
            return []
        options = [Option(f"o{i + 1}", (k + len(cell) - len(cell.lstrip()),
                                        k + len(cell.rstrip())), "matrix column", [j],
                          attrs={"label": names[i]})
                   for i, ((k, cell), j) in enumerate(zip(header[1:], said, strict=True))
                   if j is not None]
        return [DerivedDecision("decision matrix", options,
                                choice_by_name(text, options, names, table_end))]
    return []
