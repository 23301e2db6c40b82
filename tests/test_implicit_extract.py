"""What extraction reads from a scratchpad: options, the text's own judgements, the verifier,
and the choice, on hand-written texts whose right reading is known."""

from __future__ import annotations

from scaffold.implicit.derive import derive_events
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.reasoning import split_reasoning
from scaffold.transcript.events import (
    HeaderEvent,
    ModelInfo,
    SelectEvent,
    StateEvent,
    TaskInfo,
)

G24 = text_task("game24", "4 9 10 13")

DFS = """Numbers 4 9 10 13.
4 + 9 = 13 (left: 10 13 13). 13 - 10 = 3 (left: 3 13). 3 * 13 = 39, too big.
Backtrack: 13 + 13 = 26 (left: 10 26), 26 - 10 = 16, no.
Let me start over. 10 - 4 = 6 (left: 6 9 13). 13 - 9 = 4 (left 4 6). 6 * 4 = 24 ✓
Answer: (10 - 4) * (13 - 9) = 24"""


def _texts(text: str, d) -> list[str]:
    return [text[o.span[0]:o.span[1]] for o in d.options]


def test_depth_first_prose_gives_a_decision_at_each_branching_state() -> None:
    root, inner = extract_text(DFS, G24)
    assert root.at == "4 9 10 13" and inner.at == "10 13 13"
    assert [t.split(" (")[0] for t in _texts(DFS, root)] == ["4 + 9 = 13", "10 - 4 = 6"]
    # what is said of the attempts after 4 + 9 judges them, at the inner decision, not the
    # state they share: nothing is said of "4 + 9 = 13" itself
    assert [o.internal and o.internal.value for o in root.options] == [None, 1.0]
    assert [o.internal and o.internal.value for o in inner.options] == [0.0, 0.0]
    assert [o.external for o in root.options] == [0.0, 1.0]
    assert root.choice is not None and root.choice.option == root.options[1].id
    assert DFS[root.choice.span[0]:root.choice.span[1]].startswith("Answer:")
    assert inner.choice is None


def test_the_answer_line_chooses_but_never_adds_an_option() -> None:
    text = "4 + 9 = 13 (left: 10 13 13)\n13 - 10 = 3\n3 * 13 = 39\nAnswer: (10 - 4) * (13 - 9) = 24"
    assert extract_text(text, G24) == []


def test_a_single_chain_and_its_check_after_the_fact_are_one_option() -> None:
    text = ("(10 - 4) * (13 - 9) = 24\nCheck: 10 - 4 = 6, 13 - 9 = 4, 6 * 4 = 24, correct.\n"
            "Answer: (10 - 4) * (13 - 9)")
    assert extract_text(text, G24) == []


def test_choice_follows_the_answer_not_the_judgements() -> None:
    text = ("Attempt 1: (10 - 4) * (13 - 9) = 24 ✓\nAttempt 2: 4 + 9 + 10 + 13 = 36, too big.\n"
            "Answer: 4 + 9 + 10 + 13")
    [d] = extract_text(text, G24)
    assert [o.internal.value for o in d.options] == [1.0, 0.0]
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_negated_praise_is_a_bad_judgement() -> None:
    text = ("a) 4 + 9 = 13 (left: 10 13 13), not promising\n"
            "b) 10 - 4 = 6 (left: 6 9 13), promising\nGoing with 10 - 4 = 6.")
    [d] = extract_text(text, G24)
    assert [o.internal.value for o in d.options] == [0.0, 1.0]
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_countdown_rules_reject_fractions_and_negatives() -> None:
    cd = text_task("countdown", "10: 3 4 6")
    text = "3 - 4 = -1 (left: -1 6)\n6 / 4 = 3/2\n4 + 6 = 10, leaving 3 10\nAnswer: none"
    assert extract_text(text, cd) == []


def test_free_text_needs_labels_and_a_named_choice() -> None:
    task = text_task("prompt", "")
    text = ("Option A: take the train. Slow, 4/10.\nOption B: fly. Fast, 8/10.\n\n"
            "I'll go with option B.")
    [d] = extract_text(text, task)
    assert [o.internal.value for o in d.options] == [0.4, 0.8]
    assert d.choice is not None and d.choice.option == d.options[1].id
    assert all(o.external is None for o in d.options)
    unlabelled = "We could take the train, or fly. Flying is better. Let's fly."
    assert extract_text(unlabelled, task) == []
    [nochoice] = extract_text(text.replace("I'll go with option B.", "Hard to say."), task)
    assert nochoice.choice is None


def test_split_reasoning_reads_fields_and_think_tags() -> None:
    assert split_reasoning({"content": "<think>try 4+9</think>\n24"}) == ("try 4+9", "24")
    assert split_reasoning({"content": "try 4+9</think>24"}) == ("try 4+9", "24")
    assert split_reasoning({"content": "x <think>cut off"}) == ("cut off", "x")
    assert split_reasoning({"content": "24", "reasoning_content": "r"}) == ("r", "24")
    assert split_reasoning({"content": "plain"}) == (None, "plain")
    assert split_reasoning({"content": None, "reasoning_content": "r"}) == ("r", "")
    assert split_reasoning({"content": [{"type": "text", "text": "<think>a</think>b"}]}) == (
        "a", "b")


def test_a_choice_across_steps_is_the_option_the_next_step_continues_from() -> None:
    header = HeaderEvent(tool_version="t", loop="scratchpad", scaffold="scratchpad",
                         model=ModelInfo(id="m"), task=TaskInfo(name="game24",
                                                                instance="4 9 10 13"))
    listed = ("a) 4 + 9 = 13 (left: 10 13 13), unlikely\n"
              "b) 10 - 4 = 6 (left: 6 9 13), promising")
    child = "Plan: 10 - 4 = 6 (left: 6 9 13)\n13 - 9 = 4 (left: 4 6)\n6 * 4 = 24"
    states = [StateEvent(step=0, text=listed), StateEvent(step=1, parent=0, text=child)]
    derived = derive_events(header, states)
    [select] = [ev for ev in derived.events if isinstance(ev, SelectEvent)]
    assert select.chosen == ["0.n2"] and "continued in step 1" in select.rule
    alone = derive_events(header, states[:1])
    assert not any(isinstance(ev, SelectEvent) for ev in alone.events)


def test_a_comparison_judges_both_options_it_names() -> None:
    text = ("Plan 1: drive there.\nPlan 2: take the bus.\n\nPlan 2 is better than plan 1.\n"
            "I'll go with plan 2.")
    [d] = extract_text(text, text_task("prompt", ""))
    assert [o.internal.value for o in d.options] == [0.25, 0.75]
    assert d.choice is not None and d.choice.option == d.options[1].id
