"""Options no reader names, found from the record's answer (`answer_lines`): paragraphs or
lines that judge in words or by an amount the text says which way to take, the one naming
the answer chosen; none where the text names its pick before its options, says it picked at
random, or names the answer only in its last unit."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scaffold.implicit.answer_lines import extract_answer_lines, objective
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.model import ANSWER_ONLY

PROSE = text_task("prompt", None)
PLANS = ["Flex 15", "Unlimited", "Smart 8", "Lite 3", "Max 40"]
OPENERS = ["Starting with {p}: ", "Now {p}: ", "Then {p}. ", "What about {p}? "]


def _priced(bases: list[int], overs: list[int], gap: bool) -> str:
    units = ["Okay, so the user wants the cheapest plan at 25 GB a month."]
    for i, (base, over) in enumerate(zip(bases, overs, strict=True)):
        opener = OPENERS[i % len(OPENERS)].format(p=PLANS[i])
        units.append(f"{opener}£{base} base, £{over} over the allowance. "
                     f"Total £{base} + £{over} = £{base + over}.")
    return ("\n\n" if gap else "\n").join(units)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(5, 60), min_size=2, max_size=5, unique=True),
       st.integers(0, 4), st.booleans(), st.booleans())
def test_each_priced_unit_is_an_option_and_the_answer_chooses(
        bases: list[int], pick: int, gap: bool, closing: bool) -> None:
    pick %= len(bases)
    overs = [3 * i for i in range(len(bases))]
    assume(len({b + o for b, o in zip(bases, overs, strict=True)}) == len(bases))
    text = _priced(bases, overs, gap)
    if closing:
        text += f"\n\nSo {PLANS[pick]} for this usage."
    elif pick == len(bases) - 1:
        return  # the last unit alone names the answer: tested below
    [d] = extract_text(text, PROSE, PLANS[pick])
    assert d.at == "judged units" and len(d.options) == len(bases)
    assert d.choice is not None and d.choice.option == d.options[pick].id
    assert (d.choice.rule == ANSWER_ONLY) is not closing
    totals = [b + o for b, o in zip(bases, overs, strict=True)]
    for o, total in zip(d.options, totals, strict=True):
        [j] = o.judgements
        assert j.phrase == f"£{total}"
        assert (j.value == 1.0) is (total == min(totals))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(5, 60), min_size=2, max_size=5, unique=True), st.integers(0, 4),
       st.sampled_from(["The customer already signed up for {p}.\n",
                        "We flipped a coin: {p}.\n", ""]))
def test_no_choice_when_the_pick_comes_first_or_by_chance_or_only_last(
        bases: list[int], pick: int, before: str) -> None:
    pick = pick % len(bases) if before else len(bases) - 1
    text = before.format(p=PLANS[pick]) + _priced(bases, [0] * len(bases), True)
    assert extract_answer_lines(text, PLANS[pick]) == []


def test_lines_judged_in_words_and_a_commitment_is_no_option() -> None:
    text = ("Move 26, white to play.\nWhat about d5? Too slow, black equalises.\n"
            "If Ne4, the knight is strong and black is in trouble.\n"
            "Rxe6 is just bad, I lose material.\nI'll play Ne4, that is clearly best.")
    [d] = extract_answer_lines(text, "Ne4")
    assert [text[o.span[0]:o.span[1]][:8] for o in d.options] == ["What abo", "If Ne4, ",
                                                                    "Rxe6 is "]
    assert d.choice is not None and d.choice.option == "o2"


def test_the_goal_the_text_sets() -> None:
    assert objective("She wants the cheapest flat.") == -1
    assert objective("Highest yield per plant wins.") == 1
    assert objective("The cheapest has the highest rent.") is None
    assert objective("Most expensive of the lot.") is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.integers(1, 9)), min_size=2, max_size=4,
                unique=True), st.sampled_from(["least effort wins", "the smallest effort"]))
def test_labelled_options_are_measured_by_the_goal_the_text_sets(
        sizes: list[tuple[int, int]], goal: str) -> None:
    """Options whose last quantity counts one word ("6 engineer-weeks") are placed on it where
    the text says which way is better; the choice is the text's own."""
    totals = [a * b for a, b in sizes]
    assume(len(set(totals)) == len(totals))
    lines = [f"Migration plans, {goal}."]
    lines += [f"Option {i + 1}: {a} engineers for {b} weeks, so {a * b} engineer-weeks."
              for i, (a, b) in enumerate(sizes)]
    lines.append("I'll go with option 1.")
    [d] = extract_text("\n".join(lines), PROSE)
    for o, total in zip(d.options, totals, strict=True):
        assert [(j.phrase, j.value == 1.0) for j in o.judgements] == [
            (f"{total} engineer-weeks", total == min(totals))]


def test_a_unit_that_says_the_option_before_it_again_is_no_option() -> None:
    text = ("The user wants the cheapest plan.\n\nFlex 15: £26 base plus £30, so £56.\n\n"
            "Hmm, £56. Okay.\n\nMax 40: £38 flat, so £38.\n\nSo Max 40 for this usage.")
    [d] = extract_answer_lines(text, "Max 40")
    assert [[j.phrase for j in o.judgements] for o in d.options] == [["£56"], ["£38"]]
    assert d.choice is not None and d.choice.option == "o2"


def test_the_goal_is_read_before_the_options_only() -> None:
    """A superlative after the options may describe the pick ("comes out lowest"): a text
    stating a direction only when its pick is the extreme would show only its best picks."""
    text = "Plans.\nOption 1: 4 engineer-weeks.\nOption 2: 9 engineer-weeks.\n"
    assert objective(text + "Option 1 comes out lowest.", text.index("Option 1")) is None
    assert objective("Least effort wins.\n" + text, len("Least effort wins.\n")) == -1


def test_a_signed_number_is_a_difference_not_a_level() -> None:
    text = ("Judging on conversion rate, the highest wins.\n- A (control): 3.71%\n"
            "- B (anchored): 3.23%, -13.0% vs control\n- C (badge): 4.17%, +12.3% vs control\n"
            "We'll roll out C (badge).")
    [d] = extract_text(text, PROSE, "C (badge)")
    assert [[j.phrase for j in o.judgements] for o in d.options] == [["3.71%"], ["3.23%"],
                                                                      ["4.17%"]]
    assert d.choice is not None and d.choice.option == "o3"


def test_a_goal_said_only_in_a_closing_that_may_be_about_the_pick_sets_no_direction() -> None:
    body = "Flex 15: £56 all in.\nMax 40: £38 all in.\nUnlimited: £53 all in.\n"
    assert extract_answer_lines("Plans.\n" + body + "The cheapest, so that one.", "Max 40") == []
    [d] = extract_answer_lines("The user wants the cheapest.\n" + body + "Thanks.", "Max 40")
    assert [j.value for o in d.options for j in o.judgements] == [0.0, 1.0, 0.16666666666666666]
