"""JSON Schema of one transcript line, exported for other tools."""

from __future__ import annotations

import json
from typing import Any

from scaffold.transcript.events import EVENT_ADAPTER, SCHEMA_VERSION


def transcript_json_schema() -> dict[str, Any]:
    """The schema every line of a transcript validates against (the first line is a header)."""
    schema = EVENT_ADAPTER.json_schema()
    schema["title"] = "mesascope transcript event"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        f"One line of a mesascope transcript (JSON Lines), schema version {SCHEMA_VERSION}. "
        "Line 1 is a header event; every later line is a step event."
    )
    return schema


def transcript_json_schema_text() -> str:
    return json.dumps(transcript_json_schema(), indent=2, ensure_ascii=False)
