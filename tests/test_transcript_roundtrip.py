"""Writer and reader agree on every event a loop can produce, and steps come back by index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    ErrorEvent,
    ForkEvent,
    HeaderEvent,
    ImageData,
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

texts = st.text(max_size=60)
finite = st.floats(allow_nan=False, allow_infinity=False, width=32)
images = st.one_of(
    arrays(np.uint8, st.tuples(st.integers(1, 6), st.integers(1, 6))).map(ImageData.from_array),
    arrays(np.float32, st.tuples(st.integers(1, 5), st.integers(1, 5), st.just(3)), elements=finite)
    .map(ImageData.from_array),
)
tokens = st.builds(
    TokenChoice,
    token=texts,
    logprob=finite,
    top=st.lists(st.builds(TokenAlternative, token=texts, logprob=finite), max_size=3),
)


@st.composite
def step_events(draw: st.DrawFn, step: int, parent: int | None) -> list:
    events: list = []
    if parent is not None and draw(st.booleans()):
        events.append(ForkEvent(step=step, from_step=parent, seed=draw(st.integers(0, 9))))
    events.append(
        StateEvent(
            step=step,
            parent=parent,
            text=draw(st.none() | texts),
            image=draw(st.none() | images),
            final=draw(st.booleans()),
            attrs={"objective": draw(finite), "posterior": draw(st.lists(finite, max_size=4))},
        )
    )
    n = draw(st.integers(0, 4))
    cands = [
        Candidate(
            id=f"{step}.{i}",
            text=draw(texts),
            parent=draw(st.none() | st.just(f"{parent}.0")),
            tokens=draw(st.none() | st.lists(tokens, max_size=3)),
        )
        for i in range(n)
    ]
    if cands:
        events.append(CandidatesEvent(step=step, candidates=cands))
        for c in cands:
            kind = draw(st.sampled_from(["internal", "external"]))
            value = draw(st.none() | finite)
            events.append(ScoreEvent(step=step, candidate=c.id, value=value, scorer="s", kind=kind))
        events.append(SelectEvent(step=step, chosen=[cands[0].id], rule="argmax"))
    if draw(st.booleans()):
        events.append(NoteEvent(step=step, text=draw(texts)))
    if draw(st.booleans()):
        events.append(ErrorEvent(step=step, message=draw(texts)))
    events.append(MetricsEvent(step=step, tokens=draw(st.integers(0, 99)), wall_s=draw(finite)))
    return events


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[HeaderEvent, list]:
    header = HeaderEvent(
        tool_version="t",
        loop=draw(st.sampled_from(["toy", "scratchpad", "diffusion"])),
        scaffold="x",
        model=ModelInfo(id=draw(texts), file_hash=draw(st.none() | texts)),
        task=TaskInfo(name="t", instance=draw(texts)),
        seed=draw(st.none() | st.integers(0, 2**31)),
        config={"k": draw(st.integers()), "name": draw(texts)},
    )
    events: list = []
    for step in range(draw(st.integers(0, 6))):
        parent = draw(st.none() | st.integers(0, step - 1)) if step else None
        events += draw(step_events(step, parent))
    return header, events


def write(path: Path, header: HeaderEvent, events: list) -> None:
    with TranscriptWriter(path, header) as writer:
        for ev in events:
            writer.write(ev)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(transcripts())
def test_every_event_round_trips_exactly(tmp_path: Path, data: tuple) -> None:
    header, events = data
    path = tmp_path / "t.jsonl"
    path.unlink(missing_ok=True)
    write(path, header, events)
    got_header, got_events, truncated = read_transcript(path)
    assert got_header == header
    assert got_events == events
    assert not truncated


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(transcripts())
def test_random_access_by_step_matches_sequential_grouping(tmp_path: Path, data: tuple) -> None:
    header, events = data
    path = tmp_path / "t.jsonl"
    path.unlink(missing_ok=True)
    write(path, header, events)
    with TranscriptReader(path) as reader:
        reader.index()
        ids = list(dict.fromkeys(ev.step for ev in events))
        assert reader.tree.order == ids
        for i, step_id in reversed(list(enumerate(ids))):
            view = reader.step(i)
            assert view.step == step_id
            expected = [ev for ev in events if ev.step == step_id]
            assert reader.events_for(step_id) == expected


@given(arrays(np.float32, st.tuples(st.integers(1, 9), st.integers(1, 9)), elements=finite))
def test_images_are_lossless(array: np.ndarray) -> None:
    back = ImageData.model_validate_json(ImageData.from_array(array).model_dump_json()).to_array()
    assert back.dtype == array.dtype
    np.testing.assert_array_equal(back, array)


def test_forks_make_branches_in_the_step_tree(tmp_path: Path) -> None:
    from scaffold.loops.runner import LoopRunner
    from scaffold.loops.toy import ToyLoop

    runner = LoopRunner(ToyLoop(seed=3, steps=8), tmp_path / "f.jsonl")
    while runner.step() is not None:
        pass
    runner.fork(2, seed=11)
    for _ in range(3):
        runner.step()
    runner.close()
    with TranscriptReader(tmp_path / "f.jsonl") as reader:
        reader.index(validate=True)
        assert reader.n_steps == 11
        assert len(reader.tree.leaves) == 2
        assert reader.tree.branch_points == [2]
        fork_step = reader.step(8)
        assert fork_step.forks[0].from_step == 2
        assert fork_step.parent == 2
