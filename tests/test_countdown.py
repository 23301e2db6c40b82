"""Countdown: seeded solvable instances, whole-number rules, and the shared verifier."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.tasks.arithmetic import COUNTDOWN_RULES, can_reach, solve
from scaffold.tasks.countdown import TARGET_RANGE, countdown_task, generate
from scaffold.tasks.load import load_task


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**9))
def test_generated_instances_are_reproducible_in_range_and_solvable(seed: int) -> None:
    target, numbers = generate(seed)
    assert (target, numbers) == generate(seed)
    assert TARGET_RANGE[0] <= target <= TARGET_RANGE[1]
    assert can_reach([Fraction(n) for n in numbers], Fraction(target), COUNTDOWN_RULES)
    task = countdown_task(None, seed)
    expression = solve(task.numbers, task.target, COUNTDOWN_RULES)
    assert expression is not None and task.attempt_score(expression).solved


def test_different_seeds_give_different_instances() -> None:
    assert len({generate(s) for s in range(20)}) > 15


def test_puzzle_flag_takes_target_then_numbers_in_either_spelling() -> None:
    a = countdown_task("57: 3 8 12 40")
    b = countdown_task("3 8 12 40 -> 57")
    assert a.instance == b.instance == "57: 3 8 12 40"
    assert a.target == 57


def test_a_whole_number_solution_is_accepted_and_a_fractional_route_is_not_needed() -> None:
    task = countdown_task("10: 2 3 4")
    assert task.attempt_score("2 * 3 + 4 = 10").solved
    assert not task.attempt_score("2 * 3 + 3 = 9").solved
    assert task.node_score(task.root()).value == 1.0


def test_countdown_partial_objective_respects_whole_number_rules() -> None:
    # 8 / 3 leads nowhere under Countdown rules, so the move is invalid, not a state.
    task = countdown_task("24: 3 8 1")
    assert task.expand(task.root(), "8 / 3 = 2.67").status == "invalid"
    ok = task.expand(task.root(), "3 * 8 = 24 (left: 1 24)")
    assert ok.node is not None and task.node_score(ok.node).value == 1.0


@pytest.mark.parametrize("bad", ["3 8 12 40", "x: 1 2", "5: 1"])
def test_bad_countdown_puzzles_are_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="--puzzle"):
        countdown_task(bad)


def test_unknown_task_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--task"):
        load_task("chess")
