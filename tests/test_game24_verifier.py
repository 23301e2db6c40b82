"""Game of 24: the exact verifier, reachability, the bundled puzzles and the attempt score."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.tasks.arithmetic import GAME24_RULES, can_reach, solve
from scaffold.tasks.expression import ExpressionError, evaluate
from scaffold.tasks.game24 import game24_task, load_puzzles, pick_puzzle

OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
       "/": lambda a, b: a / b}
SPELL = {"+": ["+", "＋"], "-": ["-", "−", "–"], "*": ["*", "×", "x", "·"], "/": ["/", "÷"]}


def brute_force_24(nums: tuple[int, ...]) -> bool:
    """Independent check: every leaf order, operator triple and one of the five bracketings."""
    shapes = [
        lambda a, b, c, d, o: o[2](o[1](o[0](a, b), c), d),
        lambda a, b, c, d, o: o[2](o[0](a, o[1](b, c)), d),
        lambda a, b, c, d, o: o[1](o[0](a, b), o[2](c, d)),
        lambda a, b, c, d, o: o[0](a, o[2](o[1](b, c), d)),
        lambda a, b, c, d, o: o[0](a, o[1](b, o[2](c, d))),
    ]
    for perm in itertools.permutations([Fraction(n) for n in nums]):
        for ops in itertools.product(OPS.values(), repeat=3):
            for shape in shapes:
                try:
                    if shape(*perm, ops) == 24:
                        return True
                except ZeroDivisionError:
                    pass
    return False


@settings(max_examples=40, deadline=None)
@given(st.tuples(*[st.integers(1, 13)] * 4))
def test_reachability_agrees_with_brute_force_over_all_expressions(nums: tuple[int, ...]) -> None:
    assert can_reach([Fraction(n) for n in nums], Fraction(24)) == brute_force_24(nums)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> tuple[str, Fraction | None, list[int]]:
    """A random expression as text with its exact value (None on division by zero) and leaves."""
    if depth == 0 or draw(st.booleans()):
        n = draw(st.integers(0, 99))
        return str(n), Fraction(n), [n]
    left_text, left_value, left_leaves = draw(expressions(depth - 1))
    right_text, right_value, right_leaves = draw(expressions(depth - 1))
    op = draw(st.sampled_from(sorted(OPS)))
    spelled = draw(st.sampled_from(SPELL[op]))
    gap = draw(st.sampled_from(["", " ", "  "]))
    text = f"({left_text}{gap}{spelled}{gap}{right_text})"
    value = None
    if left_value is not None and right_value is not None and not (op == "/" and right_value == 0):
        value = OPS[op](left_value, right_value)
    return text, value, left_leaves + right_leaves


@given(expressions())
def test_evaluate_matches_exact_arithmetic_with_any_spelling(case: tuple) -> None:
    text, value, leaves = case
    if value is None:
        with pytest.raises(ExpressionError):
            evaluate(text)
        return
    got = evaluate(text)
    assert got.value == value
    assert list(got.leaves) == [Fraction(n) for n in leaves]


@given(st.text(max_size=60))
def test_evaluate_rejects_or_parses_any_text_without_crashing(text: str) -> None:
    try:
        got = evaluate(text)
    except ExpressionError:
        return
    assert isinstance(got.value, Fraction) and got.leaves


def test_bundled_puzzles_are_the_1362_ranked_tot_puzzles_and_all_solvable() -> None:
    puzzles = load_puzzles()
    assert len(puzzles) == 1362
    assert puzzles[0] == (1, 1, 4, 6)
    assert all(len(p) == 4 for p in puzzles)
    assert all(can_reach([Fraction(n) for n in p], Fraction(24)) for p in puzzles)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 1361))
def test_a_found_solution_verifies_and_a_wrong_number_does_not(index: int) -> None:
    puzzle = load_puzzles()[index]
    task = game24_task(" ".join(map(str, puzzle)))
    expression = solve(task.numbers, Fraction(24), GAME24_RULES)
    assert expression is not None
    assert task.attempt_score(f"Answer: {expression} = 24").solved
    assert not task.attempt_score(f"Answer: {expression} + 1 = 25").solved


def test_an_expression_equal_to_24_with_the_wrong_numbers_is_rejected() -> None:
    task = game24_task("4 9 10 13")
    assert task.attempt_score("(10 - 4) * (13 - 9) = 24").value == 1.0
    assert task.attempt_score("6 * 4 = 24").value == 0.0
    assert task.attempt_score("(10 + 4) + (13 - 9) = 24").value < 1.0
    assert task.attempt_score("4 * 9 - 10 - 13 + 11 = 24").value < 1.0
    assert task.attempt_score("").detail == "no solution and no legal move found"


def test_partial_objective_says_whether_24_is_still_reachable() -> None:
    task = game24_task("4 9 10 13")
    good = task.expand(task.root(), "13 - 9 = 4 (left: 4 4 10)")
    bad = task.expand(task.root(), "4 + 9 = 13 (left: 10 13 13)")
    assert good.node is not None and bad.node is not None
    assert task.node_score(good.node).value == 1.0
    assert task.node_score(bad.node).value == 0.0


def test_step_by_step_attempt_is_verified_from_recomputed_moves() -> None:
    task = game24_task("4 9 10 13")
    steps = "13 - 9 = 4 (left: 4 4 10)\n10 - 4 = 6 (left: 4 6)\n4 * 6 = 24 (left: 24)"
    assert task.attempt_score(steps).solved
    half = task.attempt_score("13 - 9 = 4 (left: 4 4 10)\n4 + 4 = 8 (left: 8 10)")
    assert 0.0 < half.value < 0.5 and not half.solved


@pytest.mark.parametrize("bad", ["4 9 10", "a b c d", "4 9 10 13 2", "#0", "#99999", "#x"])
def test_bad_puzzle_flags_are_one_line_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="--puzzle"):
        pick_puzzle(bad, 0)


def test_seed_picks_a_puzzle_deterministically_and_rank_picks_by_index() -> None:
    assert pick_puzzle(None, 7) == pick_puzzle(None, 7)
    assert pick_puzzle("#1", 0) == (1, 1, 4, 6)
    assert {pick_puzzle(None, s) for s in range(20)} != {pick_puzzle(None, 0)}
