"""The card's warning that no scored selection was informative says why where it stands: it
said "(see below)", and a card with no warning below it (a selection with one scored
candidate is left out without one) pointed at nothing (exploratory QA, the derived card)."""

from __future__ import annotations

from pathlib import Path

from scaffold.api import Recorder
from scaffold.scoring import render_card, score_transcript


def _warnings(tmp_path: Path, scores: list[float | None]) -> list[str]:
    path = tmp_path / "t.jsonl"
    with Recorder(path, scaffold="s", task="t") as rec:
        for k in range(3):
            rec.state(f"s{k}")
            rec.decide(["a", "b"], scores, 0)
    return [row.text for row in render_card(score_transcript(path)) if row.label == "Warning"]


def test_one_scored_candidate_per_selection_is_said_in_the_warning(tmp_path: Path) -> None:
    assert _warnings(tmp_path, [0.9, None]) == [
        "scored selections were recorded, but none is informative (none had two scored "
        "candidates to choose between): search cannot be identified"]


def test_tied_selections_are_named_in_the_warning(tmp_path: Path) -> None:
    assert _warnings(tmp_path, [0.5, 0.5]) == [
        "scored selections were recorded, but none is informative (3 decisions with all "
        "scores tied): search cannot be identified",
        "3 decisions left out: all scores tied"]
