"""A checklist with the requirements as its rows and every option marked in each row ("2. SAML
SSO - Vaultly: yes, Cipherly: no (only Google login), KeyKeeper: yes"): the options are the
names marked, each judged by the share of rows that mark it yes (one judgement: the best
of its marks would make any yes a pass), and the choice is the one a commitment or the closing
line names.

Read conservatively: two or more consecutive lines that each mark the same two to eight names,
every name once a line, with yes / no, a tick or a cross, or pass / fail after a colon. Without
this reading the numbered rows were labelled options: requirements, not candidates.
"""

from __future__ import annotations

import re

from scaffold.implicit.bullets import choice_by_name, name_of
from scaffold.implicit.model import DerivedDecision, Judgement, Option

_MARK = re.compile(
    r"(?P<name>[A-Za-z][\w.+&'-]*(?:[ \t][A-Za-z0-9][\w.+&'-]*){0,3}):[ \t]*"
    r"(?P<mark>(?P<pos>yes|pass(?:es)?|\u2713|\u2714|\u2705)|(?P<neg>no|fail(?:s)?|\u2717|\u2718"
    r"|\u274c))(?![\w-])", re.IGNORECASE)
_MAX_OPTIONS = 8


def _marks(line: str) -> dict[str, re.Match[str]] | None:
    """The names a line marks (by `name_of`), or None if it marks fewer than two or one
    twice."""
    found = list(_MARK.finditer(line))
    names = [name_of(m.group("name")) for m in found]
    if len(found) < 2 or len(set(names)) < len(names) or not all(names):
        return None
    return dict(zip(names, found, strict=True))


def extract_checklist(text: str) -> list[DerivedDecision]:
    """At most one decision: the first run of checklist rows, and the option named after it."""
    rows: list[tuple[int, dict[str, re.Match[str]]]] = []
    at = 0
    for line in text.splitlines(keepends=True):
        marks = _marks(line)
        if marks is not None and (not rows or set(marks) == set(rows[0][1])):
            rows.append((at, marks))
        elif len(rows) >= 2:
            break
        else:
            rows = [(at, marks)] if marks is not None else []
        at += len(line)
    if len(rows) < 2 or len(rows[0][1]) > _MAX_OPTIONS:
        return []
    names = list(rows[0][1])
    options = []
    for i, name in enumerate(names):
        first = rows[0][1][name]
        met = sum(1 for _, marks in rows if marks[name].group("pos"))
        span = (rows[0][0] + first.start(), rows[0][0] + first.end("name"))  # the name
        judged = Judgement(met / len(rows), span, f"{met} of {len(rows)} requirements met")
        options.append(Option(f"o{i + 1}", span, "checklist column", [judged],
                              attrs={"label": first.group("name")}))
    end = rows[-1][0] + len(text[rows[-1][0]:].split("\n", 1)[0])
    return [DerivedDecision("checklist", options, choice_by_name(text, options, names, end))]
