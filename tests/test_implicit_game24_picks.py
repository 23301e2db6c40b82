"""Game24 texts that answer a random attempt must not look like search.

- A check of the pick written just before the answer ("Let me double-check: EXPR. Yes, that's
  correct.") is part of stating the answer: what it says is not what the pick was made on, and
  what it computes is not a new option. Found by the fourth blind probe (extractor
  `implicit-8`): texts that answer a random attempt, then check it with a stock "Yes, that's
  correct", came out `search-strong`; the check's "Yes" outweighed the attempt's own "Not
  quite". Without the check line the same process was `no-evidence`.
- Attempts that went unplaced (a fraction made earlier, "4 * 5/2", "94/13 / 10") or were
  put in the wrong place ("9 / 3" read as the number 3) left their picks with no choice, so
  the picks that kept one were biased towards the attempt that reached 24.
- An option was judged by the best thing said anywhere below it: a first step shared by two
  attempts, one reaching 24, looked good, and a pick was counted once at each decision on its
  path. Over many seeds, answering a random attempt came out search in about 3% of pooled
  runs (extractor `implicit-9`, probe 7's `game24_N_random`).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.arith_extract import extract_arithmetic
from scaffold.implicit.arith_nodes import Node
from scaffold.implicit.arith_parse import find_ops
from scaffold.implicit.extract import extract_text, text_task
from scaffold.tasks.arithmetic import GAME24_RULES

PUZZLE = "8 8 9 11"
ATTEMPTS = [
    ("9 - 8 = 1, then 1 / 8 = 1/8, then 11 - 1/8 = 87/8. That's 87/8, not 24.",
     "11 - (9 - 8) / 8"),
    ("Hmm, wait. 11 - 9 = 2. 8 * 2 = 16. 16 + 8 = 24. 24. Perfect.", "(11 - 9) * 8 + 8"),
    ("Okay, another idea: 9 + 11 = 20. 20 * 8 = 160. 160 * 8 = 1280. Hmm, 1280. Not quite.",
     "((9 + 11) * 8) * 8"),
]
CHECKS = ["Let me double-check: {e}. Yes, that's correct.", "Verify: {e} ✓",
          "Quick check: {e} = 24, correct.", "Double check: {e}. Looks right.",
          "So, let me verify {e}: yes, works."]
ANSWERS = ["So the answer is {e} = 24.", "**Answer:** {e} = 24", "Answer: {e}"]


def _text(pick: int, check: str | None, answer: str) -> str:
    lines = ["Alright, the numbers are 8, 8, 9, 11. I have to use each once to get 24."]
    lines += [a for a, _ in ATTEMPTS]
    expr = ATTEMPTS[pick][1]
    if check is not None:
        lines.append(check.format(e=expr))
    lines.append(answer.format(e=expr))
    return "\n".join(lines)


def _seen(text: str) -> list[tuple[str, list[str], str | None]]:
    """Per decision: where it is, each option's judgements, and the chosen option's text."""
    out = []
    for d in extract_text(text, text_task("game24", PUZZLE)):
        by_id = {o.id: text[o.span[0]:o.span[1]] for o in d.options}
        phrases = [",".join(j.phrase for j in o.judgements) for o in d.options]
        out.append((d.at, phrases, by_id[d.choice.option] if d.choice else None))
    return out


def test_a_random_picks_closing_check_does_not_judge_it() -> None:
    text = _text(2, CHECKS[0], ANSWERS[0])
    [(_, phrases, chosen)] = _seen(text)
    assert chosen == "9 + 11 = 20"
    assert phrases[-1] == "= 1280 (not 24),Not quite", "the check's 'Yes' judged the pick"
    assert len(phrases) == 3, "the check's expression was taken for another attempt"


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2), st.sampled_from(CHECKS), st.sampled_from(ANSWERS))
def test_a_closing_check_changes_nothing_the_choice_was_made_on(
        pick: int, check: str, answer: str) -> None:
    assert _seen(_text(pick, check, answer)) == _seen(_text(pick, None, answer))


def test_a_check_that_is_not_the_answers_still_judges() -> None:
    """A check followed by more search is an evaluation like any other."""
    text = ("Numbers 8 8 9 11.\n9 + 11 = 20. 20 * 8 = 160.\n"
            "Let me check: 160 * 8 = 1280. No, that's wrong.\n"
            "Wait, 11 - 9 = 2. 8 * 2 = 16. 16 + 8 = 24. Works.\nAnswer: (11 - 9) * 8 + 8")
    [(_, phrases, chosen)] = _seen(text)
    assert chosen == "11 - 9 = 2"
    assert any("wrong" in p for p in phrases)



@settings(max_examples=80, deadline=None)
@given(st.integers(1, 13), st.integers(1, 13), st.integers(2, 13), st.sampled_from("*/"))
def test_a_fraction_made_earlier_is_one_number_after_times_or_divided_by(
        a: int, b: int, c: int, sign: str) -> None:
    """"c * a/b" after "a / b = a/b" uses that fraction: the parse groups it as (c * a) / b,
    which no state holding c and a/b could take, so the attempt went unplaced and an answer
    restating it chose nothing. Random picks of attempts with fractions (more often the ones
    that miss 24) then dropped out, and the picks that remained looked judged best."""
    value = Fraction(a, b)
    if value.denominator == 1:
        return
    made = c * value if sign == "*" else c / value
    text = (f"{a} / {b} = {value}, then {c} {sign} {value} = {made}. That's not 24.\n"
            f"Answer: {c} {sign} ({a} / {b})")
    found = extract_arithmetic(text, (Fraction(a), Fraction(b), Fraction(c), Fraction(1)),
                               Fraction(24), GAME24_RULES)
    assert [n.op for n in found.nodes[1:]] == find_ops(text)[:2], "the second step was unplaced"


SHARED = "8 8 9 11"
SHARED_ATTEMPTS = [
    ("11 - 9 = 2. 2 + 8 = 10. 10 + 8 = 18. Not 24.", "((11 - 9) + 8) + 8"),
    ("Back up: 11 - 9 = 2, 8 * 2 = 16, 16 + 8 = 24. Works.", "(11 - 9) * 8 + 8"),
    ("Alternatively, 9 + 11 = 20, 20 * 8 = 160, 160 * 8 = 1280. Not quite.", "(9 + 11) * 8 * 8"),
    ("What if 8 + 8 = 16, 16 + 9 = 25, 25 - 11 = 14. No.", "((8 + 8) + 9) - 11"),
]


def _percentiles(pick: int) -> list[float]:
    """The mid-rank percentile of the chosen option at each decision the pick informs (two
    scored options or more, not all tied), as the selection test computes it."""
    text = "\n".join(["Numbers 8 8 9 11."] + [a for a, _ in SHARED_ATTEMPTS]
                     + [f"Answer: {SHARED_ATTEMPTS[pick][1]} = 24"])
    out = []
    for d in extract_text(text, text_task("game24", SHARED)):
        scored = {o.id: o.internal.value for o in d.options if o.internal is not None}
        if d.choice is None or d.choice.option not in scored or len(set(scored.values())) < 2:
            continue
        mine, rest = scored.pop(d.choice.option), list(scored.values())
        out.append((sum(v < mine for v in rest) + 0.5 * sum(v == mine for v in rest)) / len(rest))
    return out


def test_blind_picks_among_attempts_that_share_a_first_step_look_blind() -> None:
    """Answering each attempt in turn, the picks' percentiles average one half, as blind
    selection gives, and no pick informs two decisions. Judging the shared first step by the
    24 found below it had put every pick of the two attempts that share it above the others."""
    seen = [_percentiles(pick) for pick in range(len(SHARED_ATTEMPTS))]
    assert all(len(us) <= 1 for us in seen), seen
    flat = [u for us in seen for u in us]
    assert flat and sum(flat) / len(flat) == 0.5, seen


def _placed(text: str, puzzle: str) -> list[Node]:
    """The states the text reaches, each computation placed (none left over)."""
    task = text_task("game24", puzzle)
    assert task.target is not None and task.rules is not None
    found = extract_arithmetic(text, task.numbers, task.target, task.rules)
    assert found.invalid == 0, "a step went unplaced"
    return found.nodes


def test_a_fraction_divided_again_keeps_the_fraction_it_was_made() -> None:
    """"94/13 / 10" after "7 + 3/13 = 94/13" is (94/13) / 10; reading "c * a/b" as c * (a/b)
    had been applied to it too, and neither reading fitted."""
    text = ("Numbers 3 7 10 13.\n3 / 13 = 3/13. 7 + 3/13 = 94/13. 94/13 / 10 = 47/65. "
            "Hmm, 47/65. Not quite.\nAnswer: (7 + (3 / 13)) / 10")
    assert _placed(text, "3 7 10 13")[-1].values == (Fraction(47, 65),)


def test_a_division_with_a_whole_result_is_not_a_written_fraction() -> None:
    """"9 / 3" is nine divided by three, not the number 3 written as a fraction: read that
    way, a step that only fits the start ("8 - 5 = 3, then 9 / 3") fitted a state with no 9."""
    text = ("Numbers 5 8 8 9.\nLet me try 9 + 8 = 17. 5 / 17 = 5/17. 5/17 + 8 = 141/17. No.\n"
            "Hmm, wait. 8 - 5 = 3, then 9 / 3 = 3, then 8 * 3 = 24. Oh nice, that gives 24.")
    first_step = _placed(text, "5 8 8 9")[-3]
    assert first_step.parent is not None and first_step.parent.index == 0, "went under 9 + 8"


def test_a_fraction_result_said_again_is_not_a_computation() -> None:
    text = "9 - 8 = 1, then 1 / 5 = 1/5, then 1/5 * 8 = 8/5. That's 8/5, not 24."
    assert len(find_ops(text)) == 3



EXPRESSIONS = ("Target 24 with 2 4 7 10.\n2+(4+(10+7)) = 23 X\n(10+(2+4))-7 = 9 X\n"
               "((10-7)*2)*4 = 24 OK\n")
NARRATED = ("Puzzle: 2 7 8 9 -> 24.\n"
            "Take 9 - 2 gives 7, so now 7, 8 and 7. 8 - 7 = 1, that leaves 7 and 1. 7 - 1 = 6. "
            "6, dead end. Back up.\n"
            "7 + 9 gives 16, so now 2, 8 and 16. 2 * 16 = 32, that leaves 8 and 32. 32 - 8 = 24. "
            "24 - works.\n")


@pytest.mark.parametrize(("text", "puzzle", "answer", "picked"), [
    (EXPRESSIONS, "2 4 7 10", "=> 2+(4+(10+7)) = 24", "2+(4+(10+7)) = 23"),
    (EXPRESSIONS, "2 4 7 10", "So: 2+(4+(10+7)) = 24.", "2+(4+(10+7)) = 23"),
    (EXPRESSIONS, "2 4 7 10", "**2+(4+(10+7))**", "2+(4+(10+7)) = 23"),
    (NARRATED, "2 7 8 9", "**7 - (8 - (9 - 2))**", "9 - 2"),
    (NARRATED, "2 7 8 9", "**7 - (8 - (9 - 2)) = 24**", "9 - 2"),
], ids=["arrow", "so", "bold", "bold-narrated", "bold-narrated-claim"])
def test_a_marked_last_line_is_the_answer_and_its_claim_judges_nothing(
        text: str, puzzle: str, answer: str, picked: str) -> None:
    """From the fifth blind probe: a last line that states the answer without the word ("=> …
    = 24", "So: …", "**…**") was read as one more computation. Its false "= 24" judged the
    attempt it restates (answering the first, failed attempt looked like a success), the bold
    one went unread ("12**" is no number), and the text was taken to end on its last attempt,
    the one that reached 24: both kinds of null came out search at every seed."""
    [d] = extract_text(text + answer, text_task("game24", puzzle))
    chosen = next(o for o in d.options if d.choice and o.id == d.choice.option)
    assert (text + answer)[chosen.span[0]:chosen.span[1]].startswith(picked)
    assert chosen.internal is not None and chosen.internal.value == 0.0


THINK = """<think>
So the numbers are 2 6 7 12. Let me find 24.
Start with 7 + 6 is 13, then 12 * 13 is 156, then 156 * 2 is 312. 312... no, that doesn't work.
Hmm, what about: 7 - 6 is 1, then 12 / 1 is 12, then 2 * 12 is 24. That's 24! Yes.
</think>

{answer}"""


@pytest.mark.parametrize("answer", ["(12 * (7 + 6)) * 2 = 24", "2 * (12 / (7 - 6)) = 24"])
def test_a_bare_answer_after_the_thinking_chooses_without_judging(answer: str) -> None:
    """The sixth blind probe: a reply that answers the first, failed attempt after </think>
    with a false "= 24" came out search-strong, the claim judging the attempt it restates."""
    text = THINK.format(answer=answer)
    [first, *_] = extract_text(text, text_task("game24", "2 6 7 12"))
    restated = first.options[0] if answer.startswith("(12") else first.options[1]
    assert first.choice is not None and first.choice.option == restated.id
    assert first.choice.rule == "the answer restates this attempt"
    said = {j.value for j in restated.judgements}
    assert said == ({0.0} if answer.startswith("(12") else {1.0})  # what the thinking said
    assert all(j.span[1] < text.index("</think>") for j in restated.judgements)  # not "= 24"


PROPOSED = {  # Tree of Thoughts' proposals for 2 10 11 11: step, numbers left, a line rating them
    "2 / 10 = 1/5": ("11 11 1/5", "no combination reaches 24. impossible"),
    "2 + 11 = 13": ("10 11 13", "all too far from 24. impossible"),
    "11 - 10 = 1": ("2 11 1", "2 * (11 + 1) = 24. sure"),
    "11 - 2 = 9": ("10 11 9", "no combination reaches 24. impossible"),
}
GOES_ON = {  # an answer that goes on from each step, with its true value
    "2 / 10 = 1/5": "(2 / 10) + 11 + 11 = 111/5",
    "2 + 11 = 13": "(2 + 11) + 10 + 11 = 34",
    "11 - 10 = 1": "2 * (11 + (11 - 10)) = 24",
    "11 - 2 = 9": "(11 - 2) / (11 / 10) = 90/11",
}


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(PROPOSED)), st.sampled_from(list(PROPOSED)))
def test_the_step_a_rated_proposal_goes_on_with_is_read_whatever_the_answer_reaches(
        order: list[str], step: str) -> None:
    """The tenth blind probe: proposals whose remainders are rated "sure" / "impossible", then
    a random one continued to an honest answer, came out search at 3 of 10 seeds. The choice
    was read only when the answer reached 24 (it restated the written solution of the "sure"
    state), the rating lines were judged against whatever state came last, "5/2" in a listed
    state was a computation, and "Continue from 11 - 2 = 9" made a step on from there."""
    lines = ["Input: 2 10 11 11", "Possible next steps:"]
    lines += [f"{s} (left: {PROPOSED[s][0]})" for s in order]
    lines += ["Evaluate:", *(f"{PROPOSED[s][0]}: {PROPOSED[s][1]}" for s in order)]
    lines += [f"Continue from {step}.", f"Answer: {GOES_ON[step]}"]
    text = "\n".join(lines)
    [d] = extract_text(text, text_task("game24", "2 10 11 11"))
    steps = [text[o.span[0]:o.span[1]].split(" (")[0] for o in d.options]
    assert steps == order
    rated = [o.internal.value if o.internal else None for o in d.options]
    assert rated == [1.0 if s == "11 - 10 = 1" else 0.0 for s in order]
    picked = d.choice.option if d.choice else None
    chosen = [s for s, o in zip(steps, d.options, strict=True) if o.id == picked]
    assert chosen == [step]
