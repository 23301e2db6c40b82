"""Values of one unknown tried in turn, each judged, then the value the text settles on: the
trial and error of a math scratchpad ("n = 4: 64 - 4 = 60, too small. … So n = 9."), a form
the seventh blind probe wrote; and the words of a test run ("212 passed, 0 failed", "still
red, 9 failing") that judge a fix."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit import lexicon as lx
from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
SETTLES = ["So n = {v}.", "Answer: n = {v}", "n = {v}."]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=2, max_size=6, unique=True), st.integers(0, 5),
       st.sampled_from(SETTLES), st.sampled_from(["", "Try ", "If "]))
def test_values_tried_and_the_one_settled_on(values: list[int], pick: int, settle: str,
                                             lead: str) -> None:
    pick %= len(values)
    target = values[pick] ** 2 + values[pick]
    lines = [f"{lead}n = {v}: {v * v} + {v} = {v * v + v}, "
             + ("bang on." if v == values[pick] else "too small." if v < values[pick]
                else "overshoots.") for v in values]
    text = (f"Which n gives n^2 + n = {target}?\nJust try values.\n" + "\n".join(lines)
            + "\n" + settle.format(v=values[pick]))
    [d] = extract_text(text, PROSE)
    assert d.at == "values tried"
    assert [o.attrs["label"] for o in d.options] == [f"n = {v}" for v in values]
    assert [[j.value for j in o.judgements] for o in d.options] == [
        [1.0 if v == values[pick] else 0.0] for v in values]
    assert d.choice is not None and d.choice.option == d.options[pick].id


def test_no_trials_from_one_value_repeated_values_or_a_derivation() -> None:
    assert extract_text("n = 4: 60, too small.\nSo n = 4.", PROSE) == []
    assert extract_text("n = 4: 60, too small.\nn = 4: 60 again.\nSo n = 4.", PROSE) == []
    derivation = "Let x = 3. Then y = 2x = 6, and z = y + 1 = 7.\nSo z = 7."
    assert extract_text(derivation, PROSE) == []


def test_a_settled_value_followed_by_a_judgement_is_no_choice() -> None:
    text = "n = 4: 20, too small.\nn = 5: 30, works.\nSo n = 5.\nHmm, that's wrong."
    [d] = extract_text(text, PROSE)
    assert d.choice is None


@pytest.mark.parametrize(("said", "value"), [
    ("ran the suite, 212 passed, 0 failed.", 1.0), ("all tests pass", 1.0),
    ("no tests failing", 1.0), ("the suite went green", 1.0), ("still red, 9 failing", 0.0),
    ("10 tests still failing", 0.0), ("60, short of 720", 0.0), ("720, bang on", 1.0),
    ("3 failed, 28 passed in 2.22s", 0.0), ("28 passed, 3 failed", 0.0),
    ("31 passed in 2.96s", 1.0), ("(A) 403 - no, Forbidden.", 0.0), ("Earth? No, 365 days", 0.0),
])
def test_words_of_a_test_run_or_a_check(said: str, value: float) -> None:
    values = [v for v, *_ in lx.judgements_in(said, 0, len(said))]
    assert values and set(values) == {value}, values


def test_a_bare_no_is_a_verdict_only_after_a_colon_a_dash_or_a_question() -> None:
    for said in ("I said no.", "no, thanks", "There is no, um, rush"):
        assert list(lx.judgements_in(said, 0, len(said))) == [], said


def test_a_multiple_choice_check_lists_then_judges_options_on_lines_opening_alike() -> None:
    text = ("Which status code means 'Not Found'? Let me check each option.\n"
            "(A) 403 (B) 401 (C) 404\n"
            "(A) 403 - no, Forbidden. (B) 401 - no, Unauthorized. (C) 404 - yes, Not Found.\n"
            "Answer: (C)")
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == ["a", "b", "c"]
    assert [[j.value for j in o.judgements] for o in d.options] == [[0.0], [0.0], [1.0]]
    assert d.choice is not None and d.choice.option == "o3"
