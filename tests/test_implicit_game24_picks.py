"""Game24 texts that answer a random attempt must not look like search.

- A check of the pick written just before the answer ("Let me double-check: EXPR. Yes, that's
  correct.") is part of stating the answer: what it says is not what the pick was made on, and
  what it computes is not a new option. Found by the fourth blind probe (extractor
  `implicit-8`): texts that answer a random attempt, then check it with a stock "Yes, that's
  correct", came out `search-strong`; the check's "Yes" outweighed the attempt's own "Not
  quite". Without the check line the same process was `no-evidence`.
- Attempts that went unplaced (a fraction made earlier, "4 * 5/2") left their picks with no
  choice, so the picks that kept one were biased towards the attempt that reached 24.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.arith_extract import extract_arithmetic
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
