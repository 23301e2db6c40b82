"""`Real`: a float that the JSON report writes as null when it is NaN or infinite."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema


def _nan_for_null(value: Any) -> Any:
    return math.nan if value is None else value


def _null_for_non_finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


Real = Annotated[
    float,
    BeforeValidator(_nan_for_null),
    PlainSerializer(_null_for_non_finite, return_type=float | None, when_used="json"),
    WithJsonSchema({"type": ["number", "null"]}),
]
