"""An answer written as the list of its steps chooses the attempt it restates, and a new attempt
written straight after a finished one (no cue) is a sibling, not an invalid step."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scaffold.implicit.arith_answer import compose_steps
from scaffold.implicit.arith_parse import evaluate_tree, find_ops
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.lexicon import judgements_in

FIRST_WINS = """Let's try a few ways with 5 10 10 12.
Try #1: 10 / 5 = 2, then 12 + 10 = 22, then 22 + 2 = 24. bingo, 24
10 * 10 = 100, then 100 - 12 = 88, then 88 * 5 = 440. no good.
10 / 5 = 2, then 12 + 2 = 14, then 14 - 10 = 4. not 24.
Answer: 10 / 5 = 2, 12 + 10 = 22, 22 + 2 = 24"""


def _chosen_texts(text: str) -> list[str]:
    out = []
    for d in extract_text(text, text_task("game24", "5 10 10 12")):
        assert d.choice is not None
        o = next(o for o in d.options if o.id == d.choice.option)
        out.append(text[o.span[0]:o.span[1]])
    return out


def test_a_step_list_answer_chooses_the_attempt_it_restates_not_the_last_one() -> None:
    chosen = _chosen_texts(FIRST_WINS)
    assert chosen == ["10 / 5 = 2", "12 + 10 = 22"], chosen


def test_an_attempt_after_a_finished_one_is_an_option_of_the_state_it_starts_from() -> None:
    (root, _) = extract_text(FIRST_WINS, text_task("game24", "5 10 10 12"))
    spans = [FIRST_WINS[o.span[0]:o.span[1]] for o in root.options]
    assert spans == ["10 / 5 = 2", "10 * 10 = 100"], spans


def test_a_muddled_chain_with_a_wrong_left_list_stays_one_chain() -> None:
    """GPT-4 reusing a used number after finishing: its stated list fits no earlier state."""
    text = ("10 - 4 = 6 (left: 5 6 6)\n6 / 6 = 1 (left: 1 5)\n1 * 5 = 5 (left: 5)\n"
            "5 * 4 = 20 (left: 20)\nAnswer: None")
    assert extract_text(text, text_task("game24", "4 5 6 10")) == []


@given(st.lists(st.tuples(st.integers(1, 13), st.sampled_from("+-*"), st.integers(1, 13)),
                min_size=1, max_size=3))
def test_composed_steps_evaluate_to_the_last_step(steps: list[tuple[int, str, int]]) -> None:
    """Chained steps (each using the previous result) compose to one tree of the same value."""
    text, value = [], None
    for a, op, b in steps:
        left = a if value is None else value
        result = {"+": left + b, "-": left - b, "*": left * b}[op]
        text.append(f"{left} {op} {b} = {result}")
        value = result
    ops = find_ops(", ".join(text))
    tree, total = compose_steps(ops)
    assert total == value and evaluate_tree(tree) == value


def test_free_text_commits_in_more_words_and_parenthesised_labels() -> None:
    text = ("Which database?\n(a) SQLite: a poor fit.\n(b) Postgres: the strongest option.\n"
            "(c) flat files: too risky.\nRecommendation: (b).")
    (decision,) = extract_text(text, text_task("prompt", None))
    values = [[j.value for j in o.judgements] for o in decision.options]
    assert values == [[0.0], [1.0], [0.0]], values
    assert decision.choice is not None and decision.choice.option == decision.options[1].id


def test_not_enough_to_work_is_one_bad_judgement() -> None:
    """The recorded compare example's words: never read as "work", a good one."""
    text = "Attempt 3: 2 * 2 = 4, 4 * 10 = 40, not enough to work."
    assert judgements_in(text, 0, len(text)) == [(0.0, 35, 53, "not enough to work")]
