"""`/` finds what the panes show: a candidate's raw model output, a score's detail, the rule."""

from __future__ import annotations

from pathlib import Path

from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
)
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.steps import StepView
from tui.step_search import step_matches

REPO = Path(__file__).resolve().parent.parent


def test_the_raw_output_shown_in_the_candidate_pane_is_found() -> None:
    """'3/12' is only in a candidate's raw output in the ToT example (missed before; found by
    an exploratory QA pass of the TUI)."""
    with TranscriptReader(REPO / "transcripts" / "example-tot-game24.jsonl") as reader:
        reader.index()
        hits = [i for i in range(reader.n_steps) if step_matches(reader.step(i), "3/12")]
        assert hits and all("3/12" not in (reader.step(i).state.text or "")  # type: ignore[union-attr]
                            for i in hits)


def test_score_details_rules_and_attrs_are_searched_case_folded() -> None:
    view = StepView.from_events(4, [
        StateEvent(step=4, text="plain", attrs={"note": "Hidden Attr"}),
        CandidatesEvent(step=4, candidates=[Candidate(id="a", text="x", attrs={"raw": "RAW y"}),
                                            Candidate(id="b", text="z")]),
        ScoreEvent(step=4, candidate="a", value=1.0, scorer="s", kind="internal",
                   detail="Because Reasons"),
        SelectEvent(step=4, chosen=["a"], rule="Argmax Rule"),
    ])
    for needle in ("plain", "hidden attr", "raw y", "because reasons", "argmax rule"):
        assert step_matches(view, needle), needle
    assert not step_matches(view, "absent")
