"""Arithmetic expressions written by a model: normalise, tokenise, parse and evaluate exactly.

A small recursive-descent parser over + - * / and parentheses; nothing is ever `eval`ed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from scaffold.tasks.arithmetic import apply_op

_TRANSLATE = str.maketrans(
    {
        "×": "*", "✕": "*", "✖": "*", "∗": "*", "·": "*", "⋅": "*", "•": "*",
        "÷": "/", "∕": "/", "⁄": "/",
        "−": "-", "–": "-", "—": "-", "‐": "-", "‒": "-", "﹣": "-", "－": "-",
        "＋": "+", "＝": "=", "（": "(", "）": ")", "[": "(", "]": ")",
    }
)
_TIMES_LETTER = re.compile(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[-+*/()=]")


def normalise(text: str) -> str:
    """Unicode operators and the letter x between numbers become ASCII + - * /."""
    text = text.translate(_TRANSLATE)
    text = _THOUSANDS.sub("", text)
    return _TIMES_LETTER.sub(" * ", text)


class ExpressionError(ValueError):
    """The text is not a complete arithmetic expression."""


@dataclass(frozen=True)
class Evaluated:
    """An expression's exact value and the numbers it used, in order of appearance."""

    value: Fraction
    leaves: tuple[Fraction, ...]


def evaluate(text: str) -> Evaluated:
    """Parse and evaluate a whole expression; raise ExpressionError if any of it is left over."""
    tokens = _TOKEN.findall(normalise(text))
    stripped = re.sub(r"[\s]", "", normalise(text))
    if "".join(tokens) != stripped or not tokens:
        raise ExpressionError(f"not an expression: {text!r}")
    parser = _Parser(tokens)
    value = parser.expr()
    if parser.pos != len(tokens):
        raise ExpressionError(f"unexpected {tokens[parser.pos]!r} in {text!r}")
    return Evaluated(value, tuple(parser.leaves))


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0
        self.leaves: list[Fraction] = []
        self.depth = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> str:
        tok = self._peek()
        if tok is None:
            raise ExpressionError("expression ends early")
        self.pos += 1
        return tok

    def expr(self) -> Fraction:
        value = self.term()
        while self._peek() in ("+", "-"):
            op = self._take()
            value = apply_op(value, op, self.term())  # type: ignore[assignment]
        return value

    def term(self) -> Fraction:
        value = self.factor()
        while self._peek() in ("*", "/"):
            op = self._take()
            result = apply_op(value, op, self.factor())
            if result is None:
                raise ExpressionError("division by zero")
            value = result
        return value

    def factor(self) -> Fraction:
        tok = self._take()
        if tok == "(":
            self.depth += 1
            if self.depth > 50:
                raise ExpressionError("nested too deeply")
            value = self.expr()
            if self._take() != ")":
                raise ExpressionError("unbalanced parentheses")
            self.depth -= 1
            return value
        if tok == "-" and self._peek() is not None and self._peek()[0].isdigit():  # type: ignore[index]
            value = -Fraction(self._take())
            self.leaves.append(value)
            return value
        if tok[0].isdigit():
            value = Fraction(tok)
            self.leaves.append(value)
            return value
        raise ExpressionError(f"unexpected {tok!r}")
