"""Tolerant parsing of one proposed move ("4 + 9 = 13 (left: 10 13 13)") against a state.

The model's own result and "left" list are recorded but never trusted: the result and the
remaining numbers are recomputed exactly. Every outcome is kept: `ok`, `invalid` (a move that
breaks the rules or uses numbers that are not there) or `unparseable`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scaffold.tasks.arithmetic import Rules, apply_op, fmt, fmt_all, remove_operands
from scaffold.tasks.expression import normalise

_INT = r"-?\d+(?:\.\d+)?"
_FRAC = r"-?\d+(?:\.\d+)?(?:/\d+)?"
_MOVE_INT = re.compile(
    rf"(?P<a>{_INT})\s*(?P<op>[-+*/])\s*(?P<b>{_INT})(?:\s*=\s*(?P<r>{_FRAC}))?"
)
_MOVE_FRAC = re.compile(
    rf"(?P<a>{_FRAC})\s*(?P<op>[-+*/])\s*(?P<b>{_FRAC})(?:\s*=\s*(?P<r>{_FRAC}))?"
)
_LEFT = re.compile(r"left\s*[:=]?\s*(?P<nums>[-\d\s./,]+)", re.IGNORECASE)
_MARKER = re.compile(r"^\s*(?:[-*•>]\s+|\(?\d{1,2}[.)]\s+|step\s*\d+\s*[:.)]\s*)", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")

Status = Literal["ok", "invalid", "unparseable"]


@dataclass(frozen=True)
class Move:
    """A legal move with its exact result; `claimed*` are what the model wrote, if anything."""

    a: Fraction
    op: str
    b: Fraction
    result: Fraction
    left: tuple[Fraction, ...]
    claimed: Fraction | None = None
    claimed_left: tuple[Fraction, ...] | None = None

    @property
    def text(self) -> str:
        return f"{fmt(self.a)} {self.op} {fmt(self.b)} = {fmt(self.result)}"

    @property
    def line(self) -> str:
        return f"{self.text} (left: {fmt_all(self.left)})"

    @property
    def arithmetic_ok(self) -> bool:
        return self.claimed is None or self.claimed == self.result

    @property
    def left_ok(self) -> bool:
        return self.claimed_left is None or sorted(self.claimed_left) == sorted(self.left)


@dataclass(frozen=True)
class Proposal:
    """What one model output proposed, parsed as far as it goes."""

    status: Status
    raw: str
    move: Move | None = None
    problem: str = ""


def parse_proposal(
    text: str, left: tuple[Fraction, ...], rules: Rules,
    novel: Callable[[Move], bool] | None = None,
) -> Proposal:
    """The first legal move in `text` (the first `novel` one, when there is one); else its
    first rule-breaking move; else unparseable. Moves are read one line at a time."""
    first_ok: Proposal | None = None
    first_invalid: Proposal | None = None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines:
        found = parse_line(line, left, rules)
        if found.status == "ok" and found.move is not None:
            if novel is None or novel(found.move):
                return found
            first_ok = first_ok or found
        if found.status == "invalid" and first_invalid is None:
            first_invalid = found
    if first_ok is not None or first_invalid is not None:
        return first_ok or first_invalid  # type: ignore[return-value]
    raw = lines[0] if lines else text.strip()
    return Proposal("unparseable", raw[:200], problem="no 'a op b' move found")


def parse_line(line: str, left: tuple[Fraction, ...], rules: Rules) -> Proposal:
    """One line: the first syntactic move whose operands are available wins."""
    body = _MARKER.sub("", normalise(line), count=1)
    claimed_left = _claimed_left(body)
    head = _LEFT.split(body, maxsplit=1)[0] if _LEFT.search(body) else body
    first_problem: str | None = None
    for pattern in (_MOVE_INT, _MOVE_FRAC):
        for m in pattern.finditer(head):
            for a_text in _operand_readings(m.group("a")):
                outcome = _check(a_text, m, left, rules, claimed_left)
                if isinstance(outcome, Move):
                    return Proposal("ok", line, outcome)
                first_problem = first_problem or outcome
    if first_problem is not None:
        return Proposal("invalid", line, problem=first_problem)
    return Proposal("unparseable", line, problem="no 'a op b' move found")


def _operand_readings(a_text: str) -> tuple[str, ...]:
    """A leading minus may be a list dash: try the number as written, then without it."""
    return (a_text, a_text[1:]) if a_text.startswith("-") else (a_text,)


def _check(
    a_text: str,
    m: re.Match[str],
    left: tuple[Fraction, ...],
    rules: Rules,
    claimed_left: tuple[Fraction, ...] | None,
) -> Move | str:
    try:
        a, b = Fraction(a_text), Fraction(m.group("b"))
        claimed = Fraction(m.group("r")) if m.group("r") else None
    except (ValueError, ZeroDivisionError):
        return f"bad number in {m.group(0)!r}"
    op = m.group("op")
    rest = remove_operands(left, a, b)
    if rest is None:
        return f"{fmt(a)} and {fmt(b)} are not both among {fmt_all(left)}"
    result = apply_op(a, op, b)
    if result is None:
        return "division by zero"
    if not rules.allows(result):
        return f"{fmt(a)} {op} {fmt(b)} = {fmt(result)} is not allowed"
    return Move(a, op, b, result, tuple(sorted((*rest, result))), claimed, claimed_left)


def _claimed_left(body: str) -> tuple[Fraction, ...] | None:
    m = _LEFT.search(body)
    if m is None:
        return None
    values = []
    for tok in _NUMBER.findall(m.group("nums")):
        try:
            values.append(Fraction(tok))
        except (ValueError, ZeroDivisionError):
            return None
    return tuple(values) or None
