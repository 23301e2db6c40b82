"""Everything that lists the verdicts knows every one of them."""

from __future__ import annotations

from scaffold.scoring.card import LABELS
from scaffold.scoring.labels import Verdict
from scaffold.scoring.report import VERDICTS
from scaffold.sweep.plots import VERDICT_COLOURS


def test_every_verdict_has_a_card_label_and_a_sweep_colour() -> None:
    assert set(VERDICTS) == set(Verdict)
    assert set(LABELS) == set(Verdict)
    assert set(VERDICT_COLOURS) == set(Verdict)
    assert len(set(VERDICT_COLOURS.values())) == len(Verdict)


def test_no_verdict_without_scores_is_a_search_verdict() -> None:
    for verdict in (Verdict.EXPLORATION_WITHOUT_SCORES, Verdict.UNTESTABLE,
                    Verdict.UNDETERMINED):
        assert not verdict.is_search
