"""The recorded `prompt=compare` example (SmolLM2-135M, transcripts/README.md): it reads, the
extractor finds judged attempts and a choice in it, and the TUI highlights their spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from scaffold.implicit.derive import derive_file
from scaffold.transcript.events import CandidatesEvent, ScoreEvent, SelectEvent, StateEvent
from scaffold.transcript.reader import read_transcript
from tests.conftest import REPO
from tests.tui_pilot import SIZE, anyio_backend, settle  # noqa: F401
from tui.app import create_app
from tui.widgets.candidate_table import CandidateTable
from tui.widgets.state_view import SPAN_STYLES, StateView

EXAMPLE = REPO / "transcripts" / "example-compare-game24.jsonl"


def test_the_example_was_recorded_with_the_compare_prompt_by_the_embedded_model() -> None:
    header, events, _ = read_transcript(EXAMPLE)
    assert header.config["prompt"] == "compare"
    assert "compare" in str(header.config["prompts"])
    assert header.model.id.startswith("SmolLM2-135M")
    assert any(isinstance(e, StateEvent) and e.text and "Attempt" in e.text for e in events)


def test_extract_finds_judged_candidates_with_spans_and_a_choice() -> None:
    derived = derive_file(EXAMPLE)
    assert derived.decisions >= 1 and derived.chosen >= 1
    _, events, _ = read_transcript(EXAMPLE)
    texts = {e.step: e.text or "" for e in events if isinstance(e, StateEvent)}
    cands = [c for e in derived.events if isinstance(e, CandidatesEvent) for c in e.candidates]
    assert len(cands) >= 2
    for c in cands:
        start, end = c.attrs["span"]
        source = texts[int(c.attrs["source_step"])]
        assert 0 <= start < end <= len(source)
        assert c.text is not None and c.text.startswith(source[start:end])
    internal = [e for e in derived.events if isinstance(e, ScoreEvent) and e.kind == "internal"]
    assert len(internal) >= 2
    [select] = [e for e in derived.events if isinstance(e, SelectEvent)]
    assert select.chosen[0] in {c.id for c in cands}


def _styles(content: object) -> set[str]:
    assert isinstance(content, Text)
    return {str(s.style) for s in content.spans}


@pytest.mark.anyio
async def test_the_tui_replay_highlights_the_spans(tmp_path: Path) -> None:
    app = create_app(EXAMPLE, snapshot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        state = app.main.query_one(StateView)
        assert any("Attempt 1" in line for line in state.lines)
        assert not _styles(state.text_content) & set(SPAN_STYLES.values())
        await pilot.press("d")
        await settle(pilot)
        shown = _styles(state.text_content)
        assert {SPAN_STYLES["chosen"], SPAN_STYLES["judgement"]} <= shown
        table = app.main.query_one(CandidateTable)
        assert table.derived and table.row_count >= 2
