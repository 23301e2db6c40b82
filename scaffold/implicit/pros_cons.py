"""Options written as headings, each with a bullet list of pros and cons marked by ticks and
crosses ("**React Native**" / "- 👍 scales well" / "- 👎 pricey"), and a choice that names one;
and the Pros and Cons columns of a table of options (`table_columns`).

Read conservatively: two or more lines that hold a name only (in bold, or ending with a colon),
each followed at once by bullets that open with a tick or a cross; an option is judged by the
share of its marked bullets that are ticks (3 of 4 is 0.75), which is what such a list states;
unmarked bullets and the words in them judge nothing. The choice must name an option
(`stated_choice`).
"""

from __future__ import annotations

import re

from scaffold.implicit.bullets import choice_by_name, name_of
from scaffold.implicit.model import DerivedDecision, Judgement, Option
from scaffold.implicit.ratings import cells, header_cells

_HEADING = re.compile(r"^[ \t]*(?:\*\*(?P<bold>[^*\n]{1,60})\*\*|(?P<colon>[^\n:*-][^\n:]{0,59}):)"
                      r"[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"[ \t]*[-*\u2022+][ \t]+(?:(?P<pro>\U0001f44d|\u2705|\u2714\ufe0f?|\u2713"
                     r"|\+)|(?P<con>\U0001f44e|\u274c|\u2716\ufe0f?|\u2717|\u2718|-))[ \t]")
"""A bullet that opens with a tick (👍 ✅ ✔ ✓ +) or a cross (👎 ❌ ✖ ✗ ✘ -)."""
_NOT_NAMES = frozenset({"pros", "cons", "advantages", "disadvantages", "upsides", "downsides",
                        "benefits", "drawbacks", "strengths", "weaknesses", "risks", "notes"})
"""Headings of the two lists under one option, not options."""


def extract_pros_cons(text: str) -> list[DerivedDecision]:
    """At most one decision: headed lists of marked pros and cons, each heading an option
    judged by its share of ticks, and the option the text then says it goes with."""
    options: list[Option] = []
    names: list[str] = []
    for m in _HEADING.finditer(text):
        name = name_of(m.group("bold") or m.group("colon") or "")
        pros = cons = 0
        pos, end = m.end() + 1, m.end()
        while pos < len(text) and (b := _BULLET.match(text, pos)) is not None:
            pros, cons = pros + bool(b.group("pro")), cons + bool(b.group("con"))
            line_end = text.find("\n", pos)
            end = len(text) if line_end < 0 else line_end
            pos = end + 1
        if not name or name in names or name in _NOT_NAMES or pros + cons == 0:
            continue
        said = (m.end() + 1, end)
        options.append(Option(f"o{len(options) + 1}", (m.start(), end), "pros and cons",
                              [Judgement(pros / (pros + cons), said,
                                         f"{pros} pros, {cons} cons")],
                              attrs={"label": name}))
        names.append(name)
    if len(options) < 2:
        return []
    after = options[-1].span[1]

    return [DerivedDecision("pros and cons", options,
                            choice_by_name(text, options, names, after))]


_PRO_HEADER = re.compile(r"(?:pros?|advantages?|upsides?|benefits?|strengths?|for|\+|\U0001f44d"
                         r"|\u2705)", re.IGNORECASE)
_CON_HEADER = re.compile(r"(?:cons?|disadvantages?|downsides?|drawbacks?|weaknesses?|against|-"
                         r"|\u2212|\U0001f44e|\u274c)", re.IGNORECASE)
_ITEM_SEPARATOR = re.compile(r";|<br\s*/?>|\u2022|,(?=[ \t])", re.IGNORECASE)
_NO_ITEM = re.compile(r"[ \t*_(]*(?:none|nothing|n/?a|no(?:ne)?[ \t]+(?:real|major|big)[ \t]\w+|"
                      r"-+|\u2013|\u2014|\u2212)?(?:[ \t]+(?:really|to speak of|major|noted))?"
                      r"[ \t*_).]*$", re.IGNORECASE)
"""A cell that lists nothing: empty, "none", "none really", "n/a", "-", "nothing major"."""


def table_columns(text: str, rows: list[tuple[int, int]]) -> list[Judgement | None]:
    """Each table row (its start and end in `text`) judged by the share of its items that are
    in the Pros column ("| **Uline** | cheap; fast | none really |" is 2 pros, 0 cons: 1.0),
    as headed lists are judged by their ticks; items are separated by ";", "," or "<br>".
    Nones unless the header names one Pros and one Cons column, and at least two rows list
    an item in them."""
    none: list[Judgement | None] = [None] * len(rows)
    if len(rows) < 2:
        return none
    header = [cell.strip(" \t*_") for _, cell in header_cells(text, rows[0][0])]
    pro = [k for k, cell in enumerate(header) if _PRO_HEADER.fullmatch(cell)]
    con = [k for k, cell in enumerate(header) if _CON_HEADER.fullmatch(cell)]
    if len(pro) != 1 or len(con) != 1 or 0 in pro + con:
        return none
    found: list[Judgement | None] = []
    for start, end in rows:
        row = cells(text[start:end])
        if max(pro[0], con[0]) >= len(row):
            found.append(None)
            continue
        pros, cons = (_items(row[k][1]) for k in (pro[0], con[0]))
        at, cell = row[pro[0]]
        span = (start + at, start + at + len(cell))
        found.append(None if pros + cons == 0 else
                     Judgement(pros / (pros + cons), span, f"{pros} pros, {cons} cons"))
    return found if sum(j is not None for j in found) >= 2 else none


def _items(cell: str) -> int:
    """How many things a cell lists."""
    return sum(_NO_ITEM.match(part) is None for part in _ITEM_SEPARATOR.split(cell))
