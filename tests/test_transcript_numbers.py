"""Number fields of a transcript hold what the published schema allows, and nothing else:
a number, null where optional, or "NaN" / "Infinity" / "-Infinity"; never a boolean or other
text (pydantic's lax mode would read `true` as 1.0 and "0.5" as 0.5, and move the verdict)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.transcript import TranscriptError, TranscriptReader
from scaffold.transcript.bounds import NON_FINITE
from scaffold.transcript.events import EVENT_ADAPTER
from tests.hostile_inputs import assert_one_clean_line, run_cli, transcript

SCORE = {"event": "score", "step": 0, "candidate": "a", "scorer": "s", "kind": "internal"}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False,
                                                                         allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(list(NON_FINITE)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=5,
)


def _schema_allows(value: object) -> bool:
    """The published schema's rule for `ScoreEvent.value`."""
    if value is None or (isinstance(value, str) and value in NON_FINITE):
        return True
    return isinstance(value, int | float) and not isinstance(value, bool)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_a_score_value_is_read_exactly_when_the_schema_allows_it(value: object) -> None:
    line = json.dumps({**SCORE, "value": value})
    try:
        event = EVENT_ADAPTER.validate_json(line)
    except ValueError:
        assert not _schema_allows(value), value
        return
    assert _schema_allows(value), value
    read = event.value  # type: ignore[union-attr]
    if isinstance(value, str):
        assert read is not None and (math.isnan(read) if value == "NaN" else
                                     read == NON_FINITE[value])
    else:
        assert read == value


@pytest.mark.parametrize("bad", [True, "0.5", "1e3"])
def test_a_score_that_is_not_a_number_is_a_bad_event(tmp_path: Path, bad: object) -> None:
    path = transcript(tmp_path / "t.jsonl", {"event": "state", "step": 0},
                      {**SCORE, "value": bad})
    with pytest.raises(TranscriptError, match=":3: bad event"), TranscriptReader(path) as r:
        r.index(validate=True)
    line = assert_one_clean_line(run_cli("score", str(path)))
    assert "t.jsonl:3" in line and "value" in line
