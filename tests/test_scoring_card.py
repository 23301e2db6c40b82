"""The search card's rows: a label column of twelve, details under the text, other scorers."""

from __future__ import annotations

import numpy as np

from scaffold.scoring import render_card, score_events
from scaffold.scoring.card_rows import LABEL_WIDTH, CardRow, RowKind
from tests.test_scoring_report import _step


def _card_with_an_external_judge() -> list[CardRow]:
    rng = np.random.default_rng(0)
    events = []
    for t in range(12):
        own = list(rng.normal(size=5))
        truth = list(-np.array(own) + rng.normal(0, 0.1, 5))
        events += _step(t, own, [int(np.argmax(own))], extra=[("judge", truth, "external")])
    return render_card(score_events(events))


def test_labelled_rows_print_as_a_padded_label_then_the_text() -> None:
    rows = _card_with_an_external_judge()
    assert rows[0].kind == RowKind.VERDICT and rows[0].label == "VERDICT"
    labelled = [r for r in rows if r.labelled]
    assert {r.label for r in labelled} >= {"VERDICT", "Source", "Objective", "Selection", "Power"}
    for row in labelled:
        line = row.plain()
        assert line[:LABEL_WIDTH].rstrip() == row.label and line[LABEL_WIDTH:] == row.text


def test_details_align_under_the_text_and_other_scorers_are_indented() -> None:
    rows = _card_with_an_external_judge()
    details = [r for r in rows if r.kind == RowKind.DETAIL]
    others = [r for r in rows if r.kind == RowKind.OTHER_SCORER]
    assert details and all(r.plain() == " " * LABEL_WIDTH + r.text for r in details)
    assert any("DIVERGE" in r.text for r in details)
    assert [r.plain()[:21] for r in others] == ["  vs external judge: "]
    assert all(r.label == "" for r in details + others)
