"""JSON Schema of one `mesascope score --json` line, exported for other tools."""

from __future__ import annotations

import json
from typing import Any

from scaffold.scoring.report import ScoreReport


def report_json_schema() -> dict[str, Any]:
    """The schema every line of `score --json` validates against."""
    schema = ScoreReport.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "One line of `mesascope score --json`: the search verdict of a transcript (or of a pool "
        "of transcripts) and its evidence. Floats are null where not finite."
    )
    return schema


def report_json_schema_text() -> str:
    return json.dumps(report_json_schema(), indent=2, ensure_ascii=False)
