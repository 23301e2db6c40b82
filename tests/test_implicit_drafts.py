"""Drafts revised in turn and judged after each, the answer repeating one (extractor
`implicit-10`).

From the fourth blind probe: critique-and-revise texts ("First try: …", "Flaw: too long.",
"Revised: …", "Good, this one is fine.", "Final: …") had no decision at all, so a process
that answers the draft it judged fine came out `untestable`. The heads "Revised:", "Better:"
and "v2:" were not option heads, the answer repeats a draft's text rather than naming its
label, and "the tone is off", "has a bug" or "Problem: …" judged nothing.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from tests.cli_in_process import pooled_free_text_verdict

PROSE = text_task("prompt", None)
LABELS = [["Draft 1:", "Draft 2:", "Draft 3:", "Draft 4:"],
          ["First try:", "Revised:", "Revised:", "Revised:"],
          ["v1:", "v2:", "v3:", "v4:"],
          ["Attempt:", "Better:", "Better:", "Better:"],
          ["First draft:", "Second draft:", "Third draft:", "Fourth draft:"]]
DRAFTS = ["What went wrong on Tuesday, and what we fixed", "We're sorry about Tuesday",
          "Outage update and a credit for you", "Apologies from the team",
          "The best worst day: our outage"]
"""Drafts whose own words judge ("wrong", "best", "worst"): never read as a judgement."""
GOOD = ["That works - no problems I can see.", "Good, this one is fine.",
        "Reading it again: clear and correct.", "Yes, that does the job."]
BAD = ["Hmm, no - the tone is off.", "Problem: too generic.", "Wait, it has a bug.",
       "Flaw: it misses the main point. Let me revise.", "Issue: it's ambiguous.",
       "Wait, it doesn't answer the actual request."]
FINALS = ['Final: "{d}"', 'Final answer: "{d}"', 'So the answer is "{d}".', "Final: {d}",
          'Final: "{d}", short and clear.']
BACK = ["Going back to the earlier one.", "Back to the version that worked.",
        "Those later tweaks made it worse; reverting."]


def _text(rng: random.Random, k: int, good: int, pick: int) -> str:
    labels, drafts = rng.choice(LABELS), rng.sample(DRAFTS, k)
    lines = ["Let me write a subject line for the outage apology email."]
    for i, d in enumerate(drafts):
        lines += [f'{labels[i]} "{d}"', rng.choice(GOOD if i == good else BAD)]
    if pick != k - 1:
        lines.append(rng.choice(BACK))
    lines.append(rng.choice(FINALS).format(d=drafts[pick]))
    return "\n".join(lines)


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.data())
def test_each_draft_is_judged_by_the_line_after_it_and_the_answer_picks_by_its_text(
        seed: int, k: int, data: st.DataObject) -> None:
    good, pick = data.draw(st.integers(0, k - 1)), data.draw(st.integers(0, k - 1))
    text = _text(random.Random(seed), k, good, pick)
    [d] = extract_text(text, PROSE)
    assert d.at == "drafts"
    values = [max((j.value for j in o.judgements), default=None) for o in d.options]
    assert values == [1.0 if i == good else 0.0 for i in range(k)], text
    assert d.choice is not None and d.choice.option == d.options[pick].id, text


def test_a_final_draft_is_the_answer_not_another_draft() -> None:
    text = ("Tagline for a bakery.\nDraft 1: Bread, daily.\nToo bland.\n"
            "Draft 2: Warm loaves before you wake.\nReads well.\n"
            "Final draft: Warm loaves before you wake.")
    [d] = extract_text(text, PROSE)
    assert [str(o.attrs["label"]) for o in d.options] == ["draft 1", "draft 2"]
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_without_an_answer_that_repeats_a_draft_nothing_is_read_as_drafts() -> None:
    text = ('First try: "We fix bikes."\nToo generic.\nRevised: "Flat tyre? Fixed by lunch."\n'
            "Good.\nFinal: something else entirely")
    assert extract_text(text, PROSE) == []


def _pooled(tmp_path: Path, rule: str, seed: int) -> str:
    rng = random.Random(seed)
    texts = []
    for _ in range(30):
        k = rng.choice([2, 3, 3, 4])
        good = rng.randrange(k)
        texts.append(_text(rng, k, good, good if rule == "best" else rng.randrange(k)))
    return pooled_free_text_verdict(tmp_path, texts)


def test_answering_the_draft_judged_fine_is_search(tmp_path: Path) -> None:
    assert _pooled(tmp_path, "best", 3).startswith("search")


def test_answering_a_random_draft_is_not_search(tmp_path: Path) -> None:
    assert not _pooled(tmp_path, "random", 3).startswith("search")
