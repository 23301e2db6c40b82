"""Filtering and sorting the rows of a sweep index, for the run browser.

A filter is words separated by spaces, all of which must hold: `key=value` (the column equals
the value), `key!=value`, `key<number` / `key>number` (numeric columns), or a bare word that
some cell contains (case-insensitive).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scaffold.errors import InputError
from scaffold.sweep.index import Row

TERM = re.compile(r"^([\w.-]+)(!=|=|<=|>=|<|>)(.*)$")
NUMERIC_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}


@dataclass(frozen=True)
class Term:
    key: str | None
    op: str
    value: str

    def holds(self, row: Row) -> bool:
        if self.key is None:
            needle = self.value.lower()
            return any(needle in cell.lower() for cell in row.values())
        cell = row.get(self.key, "")
        if self.op == "=":
            return cell == self.value
        if self.op == "!=":
            return cell != self.value
        number = as_number(cell)
        return number is not None and NUMERIC_OPS[self.op](number, float(self.value))


def parse_filter(text: str, columns: Sequence[str]) -> list[Term]:
    """The terms of a filter; an unknown column or a non-number bound is an InputError."""
    terms = []
    for word in text.split():
        match = TERM.match(word)
        if match is None:
            terms.append(Term(None, "~", word))
            continue
        key, op, value = match.groups()
        if key not in columns:
            raise InputError(f"no column {key!r}")
        if op in NUMERIC_OPS and as_number(value) is None:
            raise InputError(f"{word}: {value!r} is not a number")
        terms.append(Term(key, op, value))
    return terms


def as_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def sort_key(column: str) -> Callable[[Row], tuple[int, float, str]]:
    """Numbers before text, numbers by value; empty cells last."""
    def key(row: Row) -> tuple[int, float, str]:
        cell = row.get(column, "")
        number = as_number(cell)
        if number is not None:
            return (0, number, "")
        return (1 if cell else 2, 0.0, cell)

    return key


def select_rows(rows: Sequence[Row], terms: Sequence[Term], column: str | None,
                reverse: bool) -> list[Row]:
    kept = [row for row in rows if all(t.holds(row) for t in terms)]
    if column is not None:
        kept.sort(key=sort_key(column), reverse=reverse)
    return kept
