"""The writer never writes a line the reader rejects: any event it accepts reads back equal
(non-finite numbers, long text, hostile strings included; finding 3)."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    ErrorEvent,
    ForkEvent,
    HeaderEvent,
    MetricsEvent,
    ModelInfo,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
    TokenAlternative,
    TokenChoice,
    TranscriptReader,
    TranscriptWriter,
    read_transcript,
)
from scaffold.transcript.bounds import MAX_LINE_BYTES, MAX_STEP_ID, MAX_TEXT_CHARS
from scaffold.transcript.events import EventTooLarge, dump_event
from tests.hostile_inputs import HOSTILE

HEADER = HeaderEvent(tool_version="t", loop="toy", scaffold="s", model=ModelInfo(id="m"),
                     task=TaskInfo(name="n"))

texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE), st.sampled_from(
    ["NaN", "Infinity", "-Infinity", "nan", "inf", "```", "|", ""]))
floats = st.sampled_from([math.nan, math.inf, -math.inf]) | st.floats()
ints = st.integers(-(2**70), 2**70)
steps = st.integers(0, MAX_STEP_ID - 1)
scalars = st.one_of(st.none(), st.booleans(), ints, floats, texts)
attrs = st.dictionaries(texts, st.one_of(
    scalars, st.lists(floats, max_size=4), st.lists(ints, max_size=4), st.lists(texts, max_size=4)
), max_size=4)
free_json = st.recursive(
    st.one_of(st.none(), st.booleans(), ints, floats, texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=8,
)
alternatives = st.builds(TokenAlternative, token=texts, logprob=floats)
tokens = st.builds(TokenChoice, token=texts, logprob=floats,
                   top=st.lists(alternatives, max_size=2))
candidates = st.builds(Candidate, id=texts, text=st.none() | texts, parent=st.none() | texts,
                       tokens=st.none() | st.lists(tokens, max_size=3), attrs=attrs)
events = st.one_of(
    st.builds(StateEvent, step=steps, parent=st.none() | steps, text=st.none() | texts,
              final=st.booleans(), attrs=attrs),
    st.builds(CandidatesEvent, step=steps, candidates=st.lists(candidates, max_size=3)),
    st.builds(ScoreEvent, step=steps, candidate=texts, value=st.none() | floats, scorer=texts,
              kind=st.sampled_from(["internal", "external"]), detail=st.none() | texts),
    st.builds(SelectEvent, step=steps, chosen=st.lists(texts, max_size=3), rule=texts),
    st.builds(ForkEvent, step=steps, from_step=steps, seed=st.none() | ints,
              params=st.dictionaries(texts, free_json, max_size=3)),
    st.builds(NoteEvent, step=steps, text=texts),
    st.builds(ErrorEvent, step=steps, message=texts, kind=texts, fatal=st.booleans()),
    st.builds(MetricsEvent, step=steps, tokens=st.none() | st.integers(0, 2**70),
              nfe=st.none() | st.integers(0, 9), wall_s=st.none() | floats, attrs=attrs),
)


def _equal(a: Any, b: Any) -> bool:
    """Equal values of equal types, NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(_equal, a, b))
    return bool(a == b)


def _same(a: Any, b: Any) -> bool:
    return dump_event(a) == dump_event(b) and _equal(a.model_dump(), b.model_dump())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events, min_size=1, max_size=6), st.dictionaries(texts, free_json, max_size=3))
def test_any_event_the_writer_accepts_reads_back_equal(written: list, config: dict) -> None:
    try:
        header = HEADER.model_copy(update={"config": HeaderEvent(**{
            **HEADER.model_dump(exclude={"config"}), "config": config}).config})
    except ValidationError:
        assume(False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.jsonl"
        with TranscriptWriter(path, header) as writer:
            writer.write_all(written)
        read_header, read, truncated = read_transcript(path)
        assert not truncated and _same(read_header, header)
        assert len(read) == len(written) and all(map(_same, read, written))
        with TranscriptReader(path) as reader:
            reader.index(validate=True)
            assert all(map(_same, reader.events(), written))


def test_non_finite_numbers_are_recorded_as_strings_and_read_back_as_floats(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    header = HeaderEvent(**{**HEADER.model_dump(), "config": {"guidance": math.nan}})
    with TranscriptWriter(path, header) as w:
        w.write(ScoreEvent(step=0, candidate="a", value=-math.inf, scorer="s", kind="internal"))
        w.write(StateEvent(step=1, attrs={"eta": math.nan, "posterior": [math.inf, 0.5]}))
        w.write(CandidatesEvent(step=1, candidates=[
            Candidate(id="a", tokens=[TokenChoice(token="x", logprob=math.inf)])]))
    lines = [json.loads(line) for line in path.read_text().splitlines()]  # strict JSON
    assert lines[0]["config"]["guidance"] == "NaN" and lines[1]["value"] == "-Infinity"
    head, (score, state, cands), _ = read_transcript(path)
    assert math.isnan(head.config["guidance"])
    assert score.value == -math.inf  # type: ignore[union-attr]
    assert math.isnan(state.attrs["eta"]) and state.attrs["posterior"] == [math.inf, 0.5]  # type: ignore[union-attr]
    assert cands.candidates[0].tokens[0].logprob == math.inf  # type: ignore[union-attr, index]


def test_a_50_mb_model_reply_is_cut_with_a_marker_and_its_length(tmp_path: Path) -> None:
    reply = "y" * 50_000_000
    path = tmp_path / "t.jsonl"
    with TranscriptWriter(path, HEADER) as w:
        w.write(CandidatesEvent(step=0, candidates=[Candidate(id="a", text=reply)]))
    _, (event,), _ = read_transcript(path)
    text = event.candidates[0].text  # type: ignore[union-attr]
    assert len(text) == MAX_TEXT_CHARS
    assert text.endswith("[…truncated by mesascope: 50000000 characters in all]")


def test_a_line_over_the_reader_limit_is_refused_not_written(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    big = [Candidate(id=str(i), text="z" * MAX_TEXT_CHARS) for i in range(20)]
    with TranscriptWriter(path, HEADER) as w:
        w.write(NoteEvent(step=0, text="kept"))
        with pytest.raises(EventTooLarge, match="step 0: candidates event"):
            w.write_all([NoteEvent(step=0, text="lost with its step"),
                         CandidatesEvent(step=0, candidates=big)])
    assert path.stat().st_size < MAX_LINE_BYTES
    _, read, _ = read_transcript(path)
    assert [ev.text for ev in read] == ["kept"]  # type: ignore[union-attr]


def test_the_json_schema_admits_non_finite_numbers_as_written(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from scaffold.transcript.schema import transcript_json_schema

    path = tmp_path / "t.jsonl"
    with TranscriptWriter(path, HEADER) as w:
        w.write(ScoreEvent(step=0, candidate="a", value=math.nan, scorer="s", kind="internal"))
        w.write(MetricsEvent(step=0, wall_s=math.inf, attrs={"p": [-math.inf, 1.0]}))
    validator = jsonschema.Draft202012Validator(transcript_json_schema())
    for line in path.read_text().splitlines():
        validator.validate(json.loads(line))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"event": "score", "step": 0, "candidate": "a", "value": "nan",
                            "scorer": "s", "kind": "internal"})
