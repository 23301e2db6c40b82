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
    assert compare.version == base.version + "+compare"
    ask = compare.solve()[0].content
    assert "Attempt N:" in ask and "4 9 10 13" in ask and "Answer:" in ask
    assert compare.judge("x") == base.judge("x")
    assert "so far" in compare.scratchpad("pad")[0].content
    free = prompts_for(load_task("prompt", "Name a cafe."), style="compare").solve()[0].content
    assert "Option A:" in free and "Name a cafe." in free


def test_an_answer_in_the_requested_shape_is_a_decision() -> None:
    reply = ("Attempt 1: 4 + 9 + 10 + 13 = 36, does not work.\n"
             "Attempt 2: (10 - 4) * (13 - 9) = 24, works.\n"
             "Attempt 3: 13 * 4 - 10 - 9 = 33, does not work.\n"
             "Answer: (10 - 4) * (13 - 9) = 24")
    [d] = extract_text(reply, text_task("game24", "4 9 10 13"))
    assert len(d.options) == 3
    assert [o.internal.value for o in d.options] == [0.0, 1.0, 0.0]
    assert d.choice is not None and d.choice.option == d.options[1].id
