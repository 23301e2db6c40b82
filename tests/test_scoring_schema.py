"""`mesascope schema --report` describes every line `mesascope score --json` writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scaffold.scoring.report import ScoreReport
from tests.conftest import REPO

MESASCOPE = Path(sys.executable).parent / "mesascope"
EXAMPLES = sorted((REPO / "transcripts").glob("example-*.jsonl"))
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}


def _mesascope(*args: str) -> str:
    done = subprocess.run([str(MESASCOPE), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _problems(value: Any, schema: dict[str, Any], defs: dict[str, Any], at: str = "$") -> list[str]:
    """Where `value` breaks `schema`, for the keywords pydantic emits. Stricter than JSON Schema
    in one way: an object key the schema does not describe is a problem."""
    if "$ref" in schema:
        return _problems(value, defs[schema["$ref"].rsplit("/", 1)[-1]], defs, at)
    if "anyOf" in schema:
        found = [_problems(value, s, defs, at) for s in schema["anyOf"]]
        return [] if any(not f for f in found) else [p for f in found for p in f]
    kinds = schema.get("type")
    if kinds is not None:
        allowed = tuple(t for k in ([kinds] if isinstance(kinds, str) else kinds)
                        for t in JSON_TYPES[k])
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            return [f"{at}: {value!r} is not {kinds}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} not in {schema['enum']}"]
    out: list[str] = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{at}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            sub = props.get(key, schema.get("additionalProperties"))
            if not isinstance(sub, dict):
                out.append(f"{at}: undescribed key {key}")
            else:
                out += _problems(item, sub, defs, f"{at}.{key}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            out.append(f"{at}: too short")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(f"{at}: too long")
        subs = schema.get("prefixItems") or [schema.get("items", {})] * len(value)
        for i, (item, sub) in enumerate(zip(value, subs, strict=False)):
            out += _problems(item, sub, defs, f"{at}[{i}]")
    return out


@pytest.fixture(scope="module")
def score_lines() -> list[str]:
    return _mesascope("score", "--json", "--pool", *map(str, EXAMPLES)).splitlines()


@pytest.fixture(scope="module")
def report_schema() -> dict[str, Any]:
    return json.loads(_mesascope("schema", "--report"))


def test_the_report_schema_describes_every_example_score_line(score_lines, report_schema) -> None:
    assert len(score_lines) == len(EXAMPLES) + 1
    for line in score_lines:
        assert _problems(json.loads(line), report_schema, report_schema["$defs"]) == []


def test_the_schema_check_rejects_an_unknown_verdict_a_missing_key_and_an_extra_key(
    score_lines, report_schema
) -> None:
    defs = report_schema["$defs"]
    good = json.loads(score_lines[0])
    assert _problems({**good, "verdict": "maybe"}, report_schema, defs)
    assert _problems({k: v for k, v in good.items() if k != "breadth"}, report_schema, defs)
    assert _problems({**good, "surprise": 1}, report_schema, defs)


def test_each_score_line_reads_back_into_the_model_unchanged(score_lines) -> None:
    for line in score_lines:
        report = ScoreReport.model_validate_json(line)
        assert report.to_json() == line
