"""Computations a reasoning model says inside a sentence ("if I multiply 6 by 4 I get 24",
"9 minus 6 is 3") are read as the computations they state, with their result; words that
state no whole computation with a result are not read as one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit import lexicon as lx
from scaffold.implicit.arith_parse import combine, find_ops, translate
from scaffold.implicit.extract import extract_text, text_task

VERBS = {"+": ["add {a} and {b}", "adding {a} to {b}", "Add {a} and {b}"],
         "-": ["subtract {b} from {a}", "take {b} from {a}", "Subtracting {b} from {a}"],
         "*": ["multiply {a} by {b}", "Multiplying {a} by {b}", "multiply {a} and {b}",
               "{a} times {b}", "{a} multiplied by {b}"],
         "/": ["divide {a} by {b}", "{a} divided by {b}", "dividing {a} by {b}"]}
WORDS = {"+": ["{a} plus {b}"], "-": ["{a} minus {b}"], "*": [], "/": []}
LINKS = [" I get ", " gives ", ", which gives me ", " to get ", " is ", " = ", " equals ",
         " and that's ", " I’d get ", ", that makes ", " would be ", "? That gives ",
         ". That's ", ". It is "]
BEFORE = ["", "Hmm, if I ", "Let me ", "Okay, so ", "What if I ", "- ", "* ", "\n- ", "x = "]
AFTER = ["", ".", ", leaving 3 and 8.", "? Not 24.", " — close."]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.sampled_from("+-*/"), st.data())
def test_a_computation_said_in_words_is_read_with_its_result_and_span(
        a: int, b: int, op: str, data: st.DataObject) -> None:
    value = combine(a, op, b)
    if value is None or not isinstance(value, int) or value < 0:
        return
    said = data.draw(st.sampled_from(VERBS[op] + WORDS[op])).format(a=a, b=b)
    link, before, after = (data.draw(st.sampled_from(x)) for x in (LINKS, BEFORE, AFTER))
    text = f"{before}{said}{link}{value}{after}"
    assert len(translate(text)) == len(text)
    [found] = find_ops(text)
    assert found.value == value and found.claim == value, text
    assert found.tree[0] == op
    assert sorted(found.tree[1:]) == sorted([a, b])
    assert text[found.start:found.end].startswith(said), text
    assert found.claim_span is not None
    assert text[found.claim_span[0]:found.claim_span[1]] == str(value)


NOT_COMPUTATIONS = [
    "I need to add 2 and 3 more steps.",            # no result
    "Let me multiply 6 by 4 and see.",              # no result
    "I tried 3 times 4 different orders.",          # no result
    "add 2 from 3 is 5",                            # no such computation
    "subtract 5 and 13 I get 8",                    # no such computation
    "divide 3 into 12 gives 4",                     # not a form read
    "so 24 is 3 times 8",                           # the result first: not read
    "the answer is 24 and 3 is left",               # no operator word
    "Multiply 6 by 4. Is 24 enough?",               # a new sentence that states no result
    "Add 2 and 3. Then 10 more.",                   # the same
]


def test_words_that_state_no_whole_computation_with_a_result_are_not_read() -> None:
    for text in NOT_COMPUTATIONS:
        assert find_ops(text) == [], text
        assert translate(text) == text


def test_an_operator_word_that_continues_a_written_expression_is_left_alone() -> None:
    # "9 - 6 times 8" has no reading that is sure; only the written "9 - 6" is read
    [found] = find_ops("Then 9 - 6 times 8 is 24.")
    assert found.tree == ("-", 9, 6) and found.claim is None
    [found] = find_ops("so 3 + 9 = 12 times 2 is 24")
    assert found.tree == ("+", 3, 9) and found.claim == 12


def test_the_scan_and_a_scan_free_call_agree() -> None:
    text = "If I multiply 12 by 2 I get 24. Subtraction: take 3 from 10 and that's 7."
    scanned = find_ops(text, said=[m.start() for m in lx.scan(text)["said"]])
    assert scanned == find_ops(text)
    assert [o.value for o in scanned] == [24, 7]


ATTEMPTS = """We need 24 from 1, 5, 6 and 12. Let me try a few combinations.

**Attempt 1:**
- 6 × 1 = 6
- if I add 6 and 5 I get 11
- 12 × 11 = 132
- Result: 132 ❌

**Attempt 2:**
- 5 - 1 = 4
- 6 − 4 = 2
- if I multiply 12 by 2 I get 24
- Result: 24 — works!

**Attempt 3:**
- if I add 12 and 1 I get 13
- if I subtract 5 from 13 I get 8
- 8 + 6 = 14
- Result: 14 — no good

**Answer:** 12 × (6 − (5 − 1)) = 24"""


def test_attempts_with_steps_said_in_words_are_whole_options_judged_by_their_results() -> None:
    [d] = extract_text(ATTEMPTS, text_task("game24", "1 5 6 12"))
    shown = {o.id: ATTEMPTS[o.span[0]:o.span[1]] for o in d.options}
    assert sorted(shown.values()) == ["5 - 1 = 4", "6 × 1 = 6", "add 12 and 1 I get 13"]
    judged = {shown[o.id]: o.internal.value for o in d.options if o.internal is not None}
    assert judged == {"6 × 1 = 6": 0.0, "5 - 1 = 4": 1.0, "add 12 and 1 I get 13": 0.0}
    assert d.choice is not None and shown[d.choice.option] == "5 - 1 = 4"


MONOLOGUE = """Okay, so I have to combine 1, 1, 6 and 12 to get 24.
Let me try 1 + 1 = 2, then 12 + 2 = 14, then 14 + 6 = 20. No.
Okay, 6 × 2 = 12, then 12 + 12 = 24. Perfect.
Answer: (6 × (1 + 1)) + 12 = 24"""


def test_an_opening_okay_or_maybe_judges_nothing() -> None:
    [d] = extract_text(MONOLOGUE, text_task("game24", "1 1 6 12"))
    judged = {MONOLOGUE[o.span[0]:o.span[1]]: o.internal.value for o in d.options
              if o.internal is not None}
    assert judged == {"12 + 2 = 14": 0.0, "6 × 2 = 12": 1.0}, judged


@given(st.sampled_from(["Okay", "OK", "Maybe", "okay", "maybe"]),
       st.sampled_from([", ", " we ", ", so ", " let me "]),
       st.sampled_from(["", "Hmm. ", "So.\n", "- ", "> ", "x! "]),
       st.sampled_from(["", "\n", " It's okay.", " That is ok."]))
def test_a_sentence_opener_is_no_judgement_but_a_stated_okay_is(
        opener: str, after: str, before: str, tail: str) -> None:
    text = f"{before}{opener}{after}try 3 + 4 = 7.{tail}"
    for found in (lx.judgements_in(text), lx.judgements_from(text, lx.scan(text)["judge"])):
        said = [text[s:e].lower() for _, s, e, _ in found]
        assert said == (["okay" if "okay" in tail else "ok"] if tail.strip() else []), text


MIXED = ["multiply", "add", "subtract", "take", "divide", "times", "plus", "minus",
         "multiplied by", "divided by", "by", "and", "to", "from", "with", "get", "gives", "is",
         "would be", "which", "that", "I", "it's", "=", "?", ".", ",", "3", "12", "4.5", "-2",
         "(", ")", "\n", "- ", "×", "\\times", "x", "24", "Multiplying", "’d", "’ll"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MIXED), max_size=30), st.sampled_from([" ", "", "  ", "\t"]))
def test_any_mix_of_operator_words_and_numbers_keeps_every_span_on_the_source(
        words: list[str], sep: str) -> None:
    """Reading words in place never shifts a character: the translation has the text's length
    and every computation found lies inside the text."""
    text = sep.join(words)
    assert len(translate(text)) == len(text)
    for op in find_ops(text):
        assert 0 <= op.start < op.end <= len(text)
