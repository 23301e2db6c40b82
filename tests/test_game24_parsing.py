"""Tolerant parsing of proposed moves: whatever the spelling, the move and the numbers left are
recomputed exactly, and nothing is dropped silently."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from scaffold.tasks.arithmetic import COUNTDOWN_RULES, GAME24_RULES, apply_op, fmt
from scaffold.tasks.game24 import game24_task
from scaffold.tasks.moves import parse_proposal

SPELL = {"+": ["+", "＋"], "-": ["-", "−", "–"], "*": ["*", "×", "x", "X", "∗"], "/": ["/", "÷"]}


@st.composite
def moves_in_state(draw: st.DrawFn) -> tuple[tuple[Fraction, ...], int, str, int, str]:
    """A state of 2-4 whole numbers, and a line proposing a legal move written in any style."""
    left = tuple(Fraction(n) for n in draw(st.lists(st.integers(1, 30), min_size=2, max_size=4)))
    i, j = draw(st.lists(st.integers(0, len(left) - 1), min_size=2, max_size=2, unique=True))
    op = draw(st.sampled_from("+-*/"))
    result = apply_op(left[i], op, left[j])
    assume(result is not None)
    gap = draw(st.sampled_from(["", " ", "  "]))
    marker = draw(st.sampled_from(["", "- ", "* ", "1. ", "2) ", "Step 1: ", "  "]))
    shown = draw(st.sampled_from(["true", "wrong", "none"]))
    equals = {"true": f"{gap}={gap}{fmt(result)}", "wrong": f" = {fmt(result + 1)}", "none": ""}
    tail = draw(st.sampled_from(["", " (left: 1 2 3)", " (left 99)", " left: 7", ".", " (Left: )"]))
    line = (f"{marker}{fmt(left[i])}{gap}{draw(st.sampled_from(SPELL[op]))}{gap}{fmt(left[j])}"
            f"{equals[shown]}{tail}")
    return left, i, op, j, line


@given(moves_in_state())
def test_any_spelling_of_a_legal_move_parses_and_left_is_recomputed(case: tuple) -> None:
    left, i, op, j, line = case
    prop = parse_proposal(f"Here you go:\n{line}\nmore text", left, GAME24_RULES)
    assert prop.status == "ok", (line, prop)
    move = prop.move
    assert move is not None
    assert move.result == apply_op(move.a, move.op, move.b)
    expected = Counter(left)
    expected.subtract([move.a, move.b])
    expected[move.result] += 1
    assert Counter(move.left) == +expected
    assert (move.a, move.op, move.b) == (left[i], op, left[j])


@given(st.text(max_size=80), st.lists(st.integers(0, 20), min_size=1, max_size=4))
def test_parsing_any_text_never_crashes_and_always_gives_a_status(text: str, nums: list) -> None:
    left = tuple(Fraction(n) for n in nums)
    prop = parse_proposal(text, left, GAME24_RULES)
    assert prop.status in ("ok", "invalid", "unparseable")
    if prop.status == "ok":
        assert prop.move is not None and len(prop.move.left) == len(left) - 1
    else:
        assert prop.move is None and prop.problem


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=80))
def test_text_without_digits_is_recorded_as_unparseable(text: str) -> None:
    assert parse_proposal(text, (Fraction(4), Fraction(9)), GAME24_RULES).status == "unparseable"


def test_numbers_that_are_not_available_make_an_invalid_move_not_a_dropped_one() -> None:
    task = game24_task("4 9 10 13")
    exp = task.expand(task.root(), "5 + 9 = 14 (left: 4 10 14)")
    assert exp.status == "invalid" and exp.node is None
    assert exp.attrs["parse"] == "invalid" and "not both among" in str(exp.attrs["problem"])


def test_unparseable_output_is_kept_with_its_raw_text() -> None:
    task = game24_task("4 9 10 13")
    exp = task.expand(task.root(), "Sure! I love puzzles.\nLet me think about it.")
    assert exp.status == "unparseable" and exp.node is None
    assert exp.attrs["parse"] == "unparseable"
    assert exp.attrs["raw"] == "Sure! I love puzzles.\nLet me think about it."
    assert exp.text == "Sure! I love puzzles."


def test_the_models_wrong_result_and_left_are_recorded_but_not_trusted() -> None:
    task = game24_task("4 9 10 13")
    exp = task.expand(task.root(), "4 × 9 = 35 (left: 10 13 35 2)")
    assert exp.status == "ok" and exp.node is not None
    assert exp.attrs["move"] == "4 * 9 = 36" and exp.attrs["left"] == "10 13 36"
    assert exp.attrs["claimed_result"] == "35" and exp.attrs["claimed_left"] == "10 13 35 2"
    assert exp.node.key == "10 13 36"


def test_tot_style_list_takes_the_first_legal_line() -> None:
    task = game24_task("4 9 10 13")
    text = "Possible next steps:\n4 + 5 = 9 (left: 9 9 10 13)\n10 - 4 = 6 (left: 6 9 13)\n"
    exp = task.expand(task.root(), text)
    assert exp.attrs["move"] == "10 - 4 = 6"


def test_fractions_left_by_a_division_can_be_used_as_operands() -> None:
    task = game24_task("1 3 4 6")
    first = task.expand(task.root(), "1 / 4 = 1/4 (left: 1/4 3 6)")
    assert first.node is not None and first.node.key == "1/4 3 6"
    second = task.expand(first.node, "3 - 1/4 = 11/4")
    assert second.status == "ok" and second.attrs["left"] == "11/4 6"


def test_countdown_rules_make_fraction_and_negative_results_invalid() -> None:
    left = (Fraction(3), Fraction(8), Fraction(12))
    assert parse_proposal("8 / 3 = 2.67", left, COUNTDOWN_RULES).status == "invalid"
    assert parse_proposal("3 - 8 = -5", left, COUNTDOWN_RULES).status == "invalid"
    assert parse_proposal("12 / 3 = 4", left, COUNTDOWN_RULES).status == "ok"


def test_a_list_gives_its_first_move_to_a_state_not_yet_proposed() -> None:
    task = game24_task("4 9 10 13")
    text = "Possible next steps:\n4 + 9 = 13 (left: 10 13 13)\n13 - 9 = 4 (left: 4 4 10)\n"
    first = task.expand(task.root(), text)
    assert first.node is not None and first.node.key == "10 13 13"
    second = task.expand(task.root(), text, seen={"10 13 13"})
    assert second.node is not None and second.node.key == "4 4 10"
    assert second.attrs["move"] == "13 - 9 = 4"
    repeat = task.expand(task.root(), text, seen={"10 13 13", "4 4 10"})
    assert repeat.node is not None and repeat.node.key == "10 13 13", "all repeat: the first"


@given(st.lists(moves_in_state(), min_size=1, max_size=4), st.data())
def test_seen_states_are_skipped_only_for_a_legal_new_one(cases: list, data: st.DataObject) -> None:
    """Against one state: the move chosen with `seen` is legal whenever one is, reaches a state
    outside `seen` whenever any line does, and without `seen` it is the first legal move."""
    left = cases[0][0]
    lines = [line for _, _, _, _, line in cases]
    text = "\n".join(lines)
    legal = [p.move for p in (parse_proposal(ln, left, GAME24_RULES) for ln in lines) if p.move]
    states = [tuple(sorted(m.left)) for m in legal]
    seen = set(data.draw(st.lists(st.sampled_from(states), max_size=3))) if states else set()
    plain = parse_proposal(text, left, GAME24_RULES)
    chosen = parse_proposal(text, left, GAME24_RULES, lambda m: tuple(sorted(m.left)) not in seen)
    assert (plain.move is None) == (chosen.move is None) == (not legal)
    if legal:
        assert plain.move == legal[0]
        new = [s for s in states if s not in seen]
        got = tuple(sorted(chosen.move.left))  # type: ignore[union-attr]
        assert got == (new[0] if new else states[0])
