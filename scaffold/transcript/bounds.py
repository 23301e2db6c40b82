"""What a transcript line may hold: whole-number ids in range, capped text, non-finite floats.

A JSON line cannot hold NaN or infinity. The writer records them as the strings "NaN",
"Infinity" and "-Infinity" (pydantic's `ser_json_inf_nan="strings"`), and every place that may
hold a number reads those three strings back as floats (typed number fields by pydantic, free
JSON by `numbers_back`, attrs by `number_or_text` and `numbers_or_words`). Events built in
Python get the same treatment, so any event the writer accepts reads back as it was written.
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

MAX_LINE_BYTES = 16 * 1024 * 1024
"""The reader refuses a longer line; the writer refuses to write one (`EventTooLarge`)."""
MAX_STEP_ID = 2**53
"""Step ids are below this, so every one is exact as a float (JSON in other languages)."""
MAX_TEXT_CHARS = 1_000_000
"""Longer text (a runaway model reply) is cut to this many characters, marker included."""

NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _whole(value: Any) -> Any:
    """Integers only: no booleans, no floats such as 1.0, no strings such as "1"."""
    if type(value) is int:  # the common case, before the slow ABC check
        return value
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError("must be a whole number (not a boolean, a float or a string)")
    return int(value)


def _number(value: Any) -> Any:
    """Numbers, and the three strings that stand for non-finite floats; not booleans or other
    strings (pydantic would read `true` as 1.0 and "0.5" as 0.5, which the schema forbids)."""
    if type(value) is float or type(value) is int:  # the common case
        return value
    if isinstance(value, str):
        if value in NON_FINITE:
            return NON_FINITE[value]
        raise ValueError('must be a number or "NaN", "Infinity", "-Infinity" (not other text)')
    if isinstance(value, bool):
        raise ValueError("must be a number (not a boolean)")
    return value


def cap_text(text: str) -> str:
    """`text`, or its start and a marker with the original length if over `MAX_TEXT_CHARS`."""
    if len(text) <= MAX_TEXT_CHARS:
        return text
    marker = f" […truncated by mesascope: {len(text)} characters in all]"
    return text[: MAX_TEXT_CHARS - len(marker)] + marker


def numbers_back(value: Any) -> Any:
    """Free JSON (header `config`, fork `params`) with every "NaN", "Infinity", "-Infinity"
    string, at any depth, turned into the float it stands for."""
    if isinstance(value, str):
        return NON_FINITE.get(value, value)
    if isinstance(value, dict):
        return {k: numbers_back(v) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers_back(v) for v in value]
    return value


def number_or_text(text: str) -> str | float:
    """An attrs string: "NaN", "Infinity" and "-Infinity" stand for the floats, others are text."""
    return NON_FINITE.get(text, text)


def numbers_or_words(texts: list[str]) -> list[str] | list[float]:
    """An attrs list of strings: all three-word spellings of non-finite floats make a list of
    numbers; any other string keeps it a list of words."""
    if texts and all(t in NON_FINITE for t in texts):
        return [NON_FINITE[t] for t in texts]
    return texts


Number = Annotated[float, BeforeValidator(_number)]
WholeNumber = Annotated[int, BeforeValidator(_whole)]
StepId = Annotated[int, BeforeValidator(_whole), Field(ge=0, lt=MAX_STEP_ID)]
Count = Annotated[int, BeforeValidator(_whole), Field(ge=0)]
LongText = Annotated[str, AfterValidator(cap_text)]
AttrText = Annotated[str, AfterValidator(number_or_text)]
AttrWords = Annotated[list[str], AfterValidator(numbers_or_words)]
