"""Broken references between events, planted in a real transcript, are each counted exactly.

The base is `transcripts/example-tot-game24.jsonl` (a fork, candidates, scores, selections).
Each mutation breaks one reference of a known kind on a line no other mutation touches; the
file is then shuffled, since references may point forwards. Controls change the file without
breaking anything and must count nothing.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    ForkEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    read_transcript,
)
from scaffold.transcript.events import StepEvent
from scaffold.transcript.references import ReferenceCheck, RefKind, check_references
from tests.conftest import REPO
from tests.hostile_inputs import HOSTILE, RAW_TERMINAL

EXAMPLE = REPO / "transcripts" / "example-tot-game24.jsonl"
HEADER, *BODY = EXAMPLE.read_text(encoding="utf-8").splitlines()
EVENTS: list[dict] = [json.loads(line) for line in BODY]
STEPS = sorted({ev["step"] for ev in EVENTS})
STATES = [i for i, ev in enumerate(EVENTS) if ev["event"] == "state"]
SELECTS = [i for i, ev in enumerate(EVENTS) if ev["event"] == "select"]
LISTED = {ev["step"]: {c["id"] for c in ev["candidates"]}
          for ev in EVENTS if ev["event"] == "candidates"}
UNLISTED = [s for s in STEPS if s not in LISTED]
FAR = 10**9
"""Step ids from here on are in no transcript here."""

names = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))


def _checked(events: list[dict]) -> ReferenceCheck:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.jsonl"
        lines = [HEADER, *(json.dumps(ev) for ev in events)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        _, read, truncated = read_transcript(path)
    assert not truncated
    return check_references(read)


def test_the_base_has_what_the_mutations_need() -> None:
    assert len(STATES) >= 3 and SELECTS and LISTED and UNLISTED
    assert _checked(EVENTS).total == 0


@st.composite
def mutated(draw: st.DrawFn) -> tuple[list[dict], Counter[RefKind]]:
    """The example with broken references planted, shuffled, and what was planted."""
    events = [dict(ev) for ev in EVENTS]
    want: Counter[RefKind] = Counter()
    states = draw(st.permutations(STATES))
    n_missing, n_self = draw(st.integers(0, 2)), draw(st.integers(0, 1))
    for k, i in enumerate(states[:n_missing]):
        events[i]["parent"] = FAR + k
        want[RefKind.PARENT] += 1
    for i in states[n_missing:n_missing + n_self]:
        events[i]["parent"] = events[i]["step"]
        want[RefKind.PARENT] += 1
    for i in states[n_missing + n_self:][:draw(st.integers(0, 2))]:
        events.append(dict(EVENTS[i], text=draw(names)))  # a second state, valid parent
        want[RefKind.SECOND_STATE] += 1
    for k in range(draw(st.integers(0, 3))):
        step = draw(st.sampled_from(sorted(LISTED)))
        events.append({"event": "score", "step": step, "candidate": f"ghost{k}{draw(names)}",
                       "value": 1.0, "scorer": "s", "kind": "internal"})
        want[RefKind.CANDIDATE] += 1
    for i in draw(st.lists(st.sampled_from(SELECTS), unique=True, max_size=2)):
        events[i] = dict(events[i], chosen=[*events[i]["chosen"], f"ghost-{i}"])
        want[RefKind.CANDIDATE] += 1
    # controls: a score where the step lists no candidates, a fork from a real step
    for step in draw(st.lists(st.sampled_from(UNLISTED), max_size=2)):
        events.append({"event": "score", "step": step, "candidate": "free", "value": 0.5,
                       "scorer": "s", "kind": "internal"})
    if draw(st.booleans()):
        events.append({"event": "fork", "step": FAR * 2, "from_step": STEPS[0]})
        events.append({"event": "state", "step": FAR * 2, "parent": STEPS[0], "text": "x"})
    return draw(st.permutations(events)), want


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_each_planted_reference_is_counted_exactly_once(case: tuple[list[dict], Counter]) -> None:
    events, want = case
    found = _checked(events)
    assert +found.counts == +want
    assert set(found.first) == set(+want)
    line = found.summary()
    assert (line == "") == (not want)
    assert "\n" not in line and not any(ch in line for ch in RAW_TERMINAL), repr(line)


def test_examples_name_the_step_and_what_it_named() -> None:
    events = [dict(ev) for ev in EVENTS]
    step = sorted(LISTED)[0]
    events.insert(0, {"event": "score", "step": step, "candidate": "ghost", "value": 1.0,
                      "scorer": "s", "kind": "internal"})
    events[STATES[2] + 1]["parent"] = 999
    events.append(dict(EVENTS[STATES[1]]))
    found = _checked(events)
    assert found.first == {
        RefKind.CANDIDATE: f"step {step} scores candidate 'ghost', which its candidates do "
                           "not list",
        RefKind.PARENT: f"step {EVENTS[STATES[2]]['step']}'s parent is step 999, not in the "
                        "transcript",
        RefKind.SECOND_STATE: f"step {EVENTS[STATES[1]]['step']} has a second state",
    }
    assert found.summary() == (
        "3 broken references between events (1 missing parent, 1 second state, 1 unlisted "
        f"candidate; first: step {step} scores candidate 'ghost', which its candidates do not "
        "list)")


def test_a_fork_from_a_missing_step_or_itself_is_a_missing_parent() -> None:
    base = [StateEvent(step=0, text="a")]
    found = check_references([*base, StateEvent(step=1, parent=0, text="b"),
                              *_fork(2, 77), *_fork(3, 3)])
    assert found.counts == Counter({RefKind.PARENT: 2})
    assert found.first[RefKind.PARENT] == "step 2 forks from step 77, not in the transcript"


def _fork(step: int, origin: int) -> list[StepEvent]:
    return [ForkEvent(step=step, from_step=origin), StateEvent(step=step, parent=0)]


def test_long_names_are_cut_in_the_example() -> None:
    found = check_references(_decision(0, ["a"], ghost="g" * 5000))
    assert len(found.summary()) < 200 and "g" * 40 + "…'" in found.summary()


def _decision(step: int, ids: list[str], ghost: str | None = None) -> list[StepEvent]:
    scored = [*ids, ghost] if ghost is not None else ids
    return [
        StateEvent(step=step, parent=step - 1 if step else None, text="s"),
        CandidatesEvent(step=step, candidates=[Candidate(id=i) for i in ids]),
        *(ScoreEvent(step=step, candidate=i, value=float(k), scorer="v", kind="internal")
          for k, i in enumerate(scored)),
        SelectEvent(step=step, chosen=[ids[-1]], rule="argmax"),
    ]


def test_ten_thousand_clean_decisions_have_no_broken_reference() -> None:
    """(Its cost is measured by benchmarks/scoring.py's 10,000 decisions, not timed here.)"""
    ids = [f"c{k}" for k in range(8)]
    events = [ev for step in range(10_000) for ev in _decision(step, ids)]
    assert check_references(events).total == 0
