"""`--set prompt=compare`: the scratchpad asks for several judged attempts and a pick, and the
text that answers it is read back as a decision."""

from __future__ import annotations

import pytest

from scaffold.errors import InputError
from scaffold.implicit.extract import extract_text, text_task
from scaffold.loops.prompts import prompts_for
from scaffold.loops.scratchpad_context import ScratchpadConfig
from scaffold.run.config import validate_config
from scaffold.tasks.load import load_task


def test_compare_prompt_is_a_validated_setting() -> None:
    assert ScratchpadConfig().prompt == "default"
    assert validate_config(ScratchpadConfig, {"prompt": "compare"}).prompt == "compare"
    with pytest.raises(InputError):
        validate_config(ScratchpadConfig, {"prompt": "debate"})


def test_compare_prompts_ask_for_attempts_and_keep_the_rest() -> None:
    task = load_task("game24", "4 9 10 13")
    base, compare = prompts_for(task), prompts_for(task, style="compare")
    assert compare.version == base.version + "+compare-v2"
    asked = compare.solve()
    assert [m.role for m in asked] == ["user", "assistant", "user", "assistant"]
    assert "Attempt N:" in asked[0].content and "Answer:" in asked[0].content
    assert asked[-1].content == "Numbers: 4 9 10 13 (target 24)\n", "the reply is started"
    assert "4 9 10 13" not in asked[1].content, "the example is another puzzle"
    assert compare.judge("x") == base.judge("x")
    again = compare.scratchpad("pad")
    assert "so far:\npad" in again[2].content and again[-1] == asked[-1]
    free = prompts_for(load_task("prompt", "Name a cafe."), style="compare").solve()
    assert "Option A:" in free[0].content and free[-1].content == "Task: Name a cafe.\n"


def test_the_worked_example_is_itself_read_as_a_judged_and_chosen_decision() -> None:
    from scaffold.loops.prompts.compare import ARITHMETIC_EXAMPLE, FREE_TEXT_EXAMPLE

    [d] = extract_text(ARITHMETIC_EXAMPLE, text_task("game24", "2 3 5 8"))
    assert d.choice is not None and all(o.internal is not None for o in d.options)
    [f] = extract_text(FREE_TEXT_EXAMPLE, text_task("prompt", None))
    assert f.choice is not None and f.choice.option == f.options[1].id


def test_an_answer_in_the_requested_shape_is_a_decision() -> None:
    reply = ("Attempt 1: 4 + 9 + 10 + 13 = 36, does not work.\n"
             "Attempt 2: (10 - 4) * (13 - 9) = 24, works.\n"
             "Attempt 3: 13 * 4 - 10 - 9 = 33, does not work.\n"
             "Answer: (10 - 4) * (13 - 9) = 24")
    [d] = extract_text(reply, text_task("game24", "4 9 10 13"))
    assert len(d.options) == 3
    assert [o.internal.value for o in d.options] == [0.0, 1.0, 0.0]
    assert d.choice is not None and d.choice.option == d.options[1].id
