"""Labelled options reviewed in lines that open with the bare label ("A: faithful and short.",
"Hmm, C... misses the date", the twelfth blind probe's summaries), a choice that names the
label after a noun of the text's own ("I pick summary C."), and a closing line that calls one
best ("Best summary: (C)"), which is the choice only where no commitment names another."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
SAID = {True: ["faithful and short.", "accurate, concise."],
        False: ["misses the date.", "drops Leeds entirely - wrong.", "adds a claim - misleading."]}
LEADS = ["{l}: ", "Hmm, {l}... ", "{l} - "]
PICKS = ["Best summary: ({l})", "I pick summary {l}.", "Answer: {l}"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.booleans(), min_size=2, max_size=4), st.integers(0, 3), st.integers(0, 2),
       st.integers(0, 2), st.integers(0, 2))
def test_review_lines_judge_the_option_their_bare_label_names(
        good: list[bool], pick: int, lead: int, form: int, close: int) -> None:
    labels = "ABCD"[:len(good)]
    pick %= len(good)
    text = "\n".join(
        ["Candidate summaries:"]
        + [f"({c}) The council will open {20 + i} cycle lanes in Leeds." for i, c in
           enumerate(labels)]
        + ["Checking them one at a time."]
        + [LEADS[lead].format(l=c) + SAID[g][form % len(SAID[g])] for c, g in
           zip(labels, good, strict=True)]
        + [PICKS[close].format(l=labels[pick])])
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == list(labels.lower())
    for o, g in zip(d.options, good, strict=True):
        assert [j.value for j in o.judgements] == [1.0 if g else 0.0] * len(o.judgements)
        assert o.judgements
    assert d.choice is not None and d.choice.option == d.options[pick].id


@pytest.mark.parametrize("close", ["Going with fastcsv.", "Adding fastcsv to requirements.txt."])
def test_a_best_line_in_the_review_is_a_judgement_not_the_choice(close: str) -> None:
    """Read as the choice wherever it stood, "Best bet:" in a review made probe 13's
    `repo_N_first` search at 7 of 60 seeds: the closing line, which names the pick without a
    commitment, was never read."""
    text = ("| name | stars |\n|---|---|\n| fastcsv | 5,438 |\n| pycsvx | 6,381 |\n\nMy read:\n"
            "- Abandoned: fastcsv (nothing merged since 2020).\n"
            f"- Best bet: pycsvx - active, issues under control.\n\n{close}")
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == ["fastcsv", "pycsvx"]
    assert [j.value for j in d.options[0].judgements] == [0.0]
    assert {j.value for j in d.options[1].judgements} == {1.0}
    assert d.choice is not None and d.choice.option == d.options[0].id
