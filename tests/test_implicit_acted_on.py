"""Debugging texts: hypotheses tested and ruled out or confirmed, then a fix said in the words
of the hypothesis it acts on, never by its label. The fifth blind probe's debug_S came out
undetermined: "Suspect #1" and "H1" were no heads, "ruled out" and "confirmed" judged
nothing, and the fix named no option."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
HYPOTHESES = [("the CSV writer swallows an exception", "stop catching the writer exception"),
              ("an out-of-memory on the splash image", "downscale the splash image"),
              ("the DB connection pool is exhausted", "raise the pool size and close leaked "
               "connections"),
              ("a deadlock in the order lock", "take the locks in a fixed order")]
HEADS = ["Hypothesis {i}:", "H{i}:", "Suspect #{i}:", "Theory {i}:"]
FIXES = ["Fix: {f}.", "Plan: {f}.", "So the fix is to {f}."]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(HEADS), st.sampled_from(FIXES), st.integers(0, 3), st.integers(0, 3))
def test_the_fix_chooses_the_hypothesis_it_shares_words_with(
        head: str, fix: str, confirmed: int, fixed: int) -> None:
    lines = ["Bug: nightly export produces empty CSVs."]
    for i, (h, _) in enumerate(HYPOTHESES):
        out = "reproduced every time -> confirmed." if i == confirmed else "no change -> ruled out."
        lines.append(f"{head.format(i=i + 1)} {h}. Test: tried it; {out}")
    lines.append(fix.format(f=HYPOTHESES[fixed][1]))
    text = "\n".join(lines)
    [d] = extract_text(text, PROSE)
    assert [o.internal and o.internal.value for o in d.options] == [
        1.0 if i == confirmed else 0.0 for i in range(4)], text
    assert d.choice is not None and d.choice.option == d.options[fixed].id, text
    assert d.choice.rule == "the text acts on this option (its words)"
    assert d.options[-1].span[1] <= d.choice.span[0]  # "close leaked ..." judges no option


def test_a_fix_whose_words_point_at_two_hypotheses_chooses_none() -> None:
    text = ("H1: DNS resolution hiccups. Test: pinned the resolver; no change -> ruled out.\n"
            "H2: the Redis cache is stale. Test: flushed it; reproduced every time -> confirmed.\n"
            "Fix: cache DNS lookups in the client.")
    [d] = extract_text(text, PROSE)
    assert len(d.options) == 2 and d.choice is None


def test_a_plan_line_before_the_last_judgement_is_a_test_not_a_choice() -> None:
    text = ("Hypothesis 1: the splash image is too big for old phones.\n"
            "Hypothesis 2: the font is missing on old phones.\n"
            "Plan: downscale the splash image and see.\n"
            "No change there, so that one is ruled out.")
    [d] = extract_text(text, PROSE)
    assert d.choice is None


def test_suspect_and_h_label_only_before_a_mark_or_a_digit() -> None:
    text = ("Two ways to ship it. Option A: the ferry, cheap and good. Option B: a plane, "
            "too expensive.\nI suspect 2 of them will be late. I'll go with the ferry, option A.")
    [d] = extract_text(text, PROSE)
    assert d.choice is not None and d.choice.option == "o1"
