"""JSON Schema of one transcript line, exported for other tools."""

from __future__ import annotations

import json
from typing import Any

from scaffold.transcript.bounds import NON_FINITE
from scaffold.transcript.events import EVENT_ADAPTER, SCHEMA_VERSION

_NUMBER = {"type": "number"}
_NON_FINITE = {"enum": list(NON_FINITE)}


def _numbers_may_be_non_finite(node: Any) -> Any:
    """Every `{"type": "number"}` also admits the strings that stand for NaN and infinities."""
    if isinstance(node, dict):
        if node.get("type") == "number":
            rest = {k: v for k, v in node.items() if k != "type"}
            return {**rest, "anyOf": [_NUMBER, _NON_FINITE]}
        return {k: _numbers_may_be_non_finite(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_numbers_may_be_non_finite(v) for v in node]
    return node


def transcript_json_schema() -> dict[str, Any]:
    """The schema every line of a transcript validates against (the first line is a header)."""
    schema = _numbers_may_be_non_finite(EVENT_ADAPTER.json_schema())
    schema["title"] = "mesascope transcript event"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        f"One line of a mesascope transcript (JSON Lines), schema version {SCHEMA_VERSION}. "
        "Line 1 is a header event; every later line is a step event."
    )
    return schema


def transcript_json_schema_text() -> str:
    return json.dumps(transcript_json_schema(), indent=2, ensure_ascii=False)
