"""A game24 attempt that works out its parts and then writes them as one expression ("2*6 =
12 and 5-3 = 2, then (2*6) * (5-3) = 24") goes on from the numbers its parts left: the whole
expression is the attempt's last step, not a new attempt from the start. Read as a new
attempt, its line's judgement ("Works.") had been taken for a check of the start's options,
and the text gave no decision at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.arith_nodes import Node, apply, intern, number, readings
from scaffold.implicit.arith_parse import find_ops
from scaffold.implicit.extract import extract_text, text_task
from scaffold.tasks.arithmetic import GAME24_RULES

PAIRS = """Make 24 from 2, 3, 5, 6 (each once, + - * /).
Trying it as two pairs combined at the end.
Pairing 1: (2, 6) and (3, 5). 2*6 = 12 and 5-3 = 2, then (2*6) * (5-3) = 24. Works.
Pairing 2: (2, 5) and (3, 6). Closest I can get is (2+5) + (3*6) = 25, off by 1. No good.
Pairing 3: (2, 3) and (5, 6). 5*6 = 30 and 2*3 = 6, then (5*6) - (2*3) = 24. Works.
Answer: {answer}"""


def test_pairs_worked_out_then_combined_are_one_attempt_each() -> None:
    text = PAIRS.format(answer="(2*6) * (5-3) = 24")
    [d] = extract_text(text, text_task("game24", "2 3 5 6"))
    assert [text[a:b] for a, b in (o.span for o in d.options)] == [
        "2*6 = 12", "(2+5) + (3*6) = 25", "5*6 = 30"]
    assert [o.external for o in d.options] == [1.0, 0.0, 1.0]
    assert d.choice is not None and d.choice.option == d.options[0].id
    [d] = extract_text(PAIRS.format(answer="(5*6) - (2*3) = 24"), text_task("game24", "2 3 5 6"))
    assert d.choice is not None and d.choice.option == d.options[2].id


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 13), min_size=4, max_size=4),
       st.sampled_from(["+", "-", "*"]), st.sampled_from(["+", "-", "*"]),
       st.sampled_from(["+", "*"]))
def test_a_whole_expression_goes_on_from_the_numbers_its_parts_made(
        nums: list[int], op1: str, op2: str, top: str) -> None:
    a, b, c, e = nums
    root = Node(0, intern(tuple(number(n) for n in sorted(nums))))
    [first, second, whole] = find_ops(f"{a}{op1}{b} = x. {c}{op2}{e} = y. ({a}{op1}{b}){top}"
                                      f"({c}{op2}{e}) = z.")
    left = apply(root, readings(first, GAME24_RULES))
    assert left is not None
    left = apply(Node(1, left), readings(second, GAME24_RULES))
    assert left is not None and len(left) == 2
    done = apply(Node(2, left), readings(whole, GAME24_RULES))
    assert done is not None and len(done) == 1  # the two made numbers combined
    assert done == apply(root, readings(whole, GAME24_RULES))  # the same state as from the start
