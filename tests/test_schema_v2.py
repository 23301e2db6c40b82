"""Schema version 2: the search fields round-trip, version 1 still reads, and the scorer uses
the fields (eligibility, choice kinds, visit order, pruning) the way docs/scoring.md says."""

from __future__ import annotations

import json

import pytest

from scaffold.scoring.decisions import ExtractionCounts, decisions_from_view
from scaffold.transcript import (
    SCHEMA_VERSION,
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ModelInfo,
    ScoreEvent,
    SearchStats,
    SelectEvent,
    StateEvent,
    StepView,
    TaskInfo,
    TranscriptError,
    TranscriptReader,
    TranscriptWriter,
    read_transcript,
)
from scaffold.transcript.schema import transcript_json_schema
from tests.conftest import REPO


def _header(version: int = SCHEMA_VERSION) -> HeaderEvent:
    return HeaderEvent(schema_version=version, tool_version="t", loop="l", scaffold="s",
                       model=ModelInfo(id="m"), task=TaskInfo(name="t"))


def _view(values: list[float], select: list[SelectEvent], **cand: dict) -> StepView:
    cands = [Candidate(id=f"c{i}", **cand.get(f"c{i}", {})) for i in range(len(values))]
    events = [StateEvent(step=1), CandidatesEvent(step=1, candidates=cands)]
    events += [ScoreEvent(step=1, candidate=f"c{i}", value=v, scorer="v", kind="internal")
               for i, v in enumerate(values)]
    return StepView.from_events(1, [*events, *select])


def test_the_search_fields_round_trip(tmp_path) -> None:
    events = [
        StateEvent(step=0, text="root"),
        StateEvent(step=1, parent=0, revisit_of=0),
        CandidatesEvent(step=1, candidates=[
            Candidate(id="a", stats=SearchStats(visits=3, value=0.5, prior=0.2, rule_value=0.9)),
            Candidate(id="b", eligible=False, ineligible_reason="illegal")]),
        SelectEvent(step=1, chosen=["a"], rule="prune", stage="prune"),
        SelectEvent(step=1, chosen=["a"], rule="ucb", rank=[0], choice="forced-first-visit"),
    ]
    path = tmp_path / "v2.jsonl"
    with TranscriptWriter(path, _header()) as w:
        w.write_all(events)
    header, back, truncated = read_transcript(path)
    assert header.schema_version == 2 and not truncated
    assert back == events
    view = StepView.from_events(1, [ev for ev in back if ev.step == 1])
    assert view.select is not None and view.select.stage is None
    assert [s.stage for s in view.selects] == ["prune", None]


def test_version_1_files_still_read_and_other_versions_are_refused(tmp_path) -> None:
    with TranscriptReader(REPO / "transcripts" / "example-hill-climb.jsonl") as reader:
        assert reader.header.schema_version == 1
        reader.index(validate=True)
    bad = tmp_path / "v3.jsonl"
    bad.write_text(_header(3).model_dump_json() + "\n")
    with pytest.raises(TranscriptError, match="reads 1 and 2"):
        TranscriptReader(bad)


def test_the_exported_schema_describes_the_new_fields() -> None:
    text = json.dumps(transcript_json_schema())
    for name in ("revisit_of", "eligible", "ineligible_reason", "rule_value", "rank", "choice",
                 "stage", "forced-first-visit", "budget-stop"):
        assert f'"{name}"' in text


def test_ineligible_candidates_leave_the_choice_set() -> None:
    view = _view([5.0, 1.0, 2.0], [SelectEvent(step=1, chosen=["c2"], rule="r")],
                 c0={"eligible": False, "ineligible_reason": "illegal"})
    counts = ExtractionCounts()
    [d] = decisions_from_view(view, "v", counts)
    assert d.ids == ("c1", "c2") and counts.ineligible == 1


@pytest.mark.parametrize("kind", ["forced-first-visit", "random", "budget-stop"])
def test_choices_not_made_on_evaluations_are_counted_not_tested(kind) -> None:
    view = _view([3.0, 1.0], [SelectEvent(step=1, chosen=["c0"], rule="r", choice=kind)])
    counts = ExtractionCounts()
    assert decisions_from_view(view, "v", counts) == []
    assert counts.forced + counts.random_choice + counts.budget_stop == 1


def test_a_visit_order_becomes_one_decision_per_rank_among_the_rest() -> None:
    view = _view([1.0, 4.0, 3.0, 2.0],
                 [SelectEvent(step=1, chosen=["c2", "c1", "c3"], rank=[1, 0, 1], rule="r")])
    counts = ExtractionCounts()
    found = decisions_from_view(view, "v", counts)
    assert [(d.ids, tuple(d.selected)) for d in found] == [
        (("c0", "c1", "c2", "c3"), (False, True, False, False)),
        (("c0", "c2", "c3"), (False, True, True)),
    ]
    assert counts.ordered_stages == 1


def test_a_prune_stage_narrows_the_later_selection() -> None:
    view = _view([1.0, 4.0, 3.0], [
        SelectEvent(step=1, chosen=["c1", "c2"], rule="prune", stage="prune"),
        SelectEvent(step=1, chosen=["c2"], rule="r")])
    found = decisions_from_view(view, "v", ExtractionCounts())
    assert [d.ids for d in found] == [("c0", "c1", "c2"), ("c1", "c2")]
