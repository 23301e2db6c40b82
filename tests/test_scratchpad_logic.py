"""Scratchpad loop logic without a model: the yes/no value parser, ToT's top-b bookkeeping, the
prompts, the config knobs and the fork's up-front checks."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.loops.base import StepIds
from scaffold.loops.prompts import prompts_for
from scaffold.loops.scratchpad import ScratchpadLoop
from scaffold.loops.scratchpad_context import LoopContext, ScratchpadConfig, rank_key
from scaffold.loops.scratchpad_tot import _Proposal, _select
from scaffold.loops.scratchpad_value import yes_no_value
from scaffold.models.text_model import Generation
from scaffold.run.registry import loop_family
from scaffold.tasks.base import Score
from scaffold.tasks.load import load_task
from scaffold.transcript.events import (
    Candidate,
    ModelInfo,
    StateEvent,
    TokenAlternative,
    TokenChoice,
)
from scaffold.transcript.steps import StepView

YES_SPELLINGS = ["yes", "Yes", " yes", " YES", "Yes.", "ĠYes"]
NO_SPELLINGS = ["no", "No", " no", " NO", "No,", "ĠNo"]
OTHER = ["The", " maybe", "1", "\n", "Sure", "nope", "yesterday"]


class _NoModel:
    """A model that is never called; the logic under test must not reach it."""

    info = ModelInfo(id="none", backend="none")
    numerics = None
    prefills = True

    def generate(self, messages, params):  # type: ignore[no-untyped-def]
        raise AssertionError("the model was called")


@st.composite
def first_tokens(draw: st.DrawFn) -> tuple[Generation, float, float]:
    spellings = draw(st.lists(st.sampled_from(YES_SPELLINGS + NO_SPELLINGS + OTHER),
                              min_size=1, max_size=8, unique=True))
    probs = draw(st.lists(st.floats(1e-6, 1.0), min_size=len(spellings),
                          max_size=len(spellings)))
    total = sum(probs)
    alts = [TokenAlternative(token=t, logprob=math.log(p / total))
            for t, p in zip(spellings, probs, strict=True)]
    first = draw(st.sampled_from(alts))
    gen = Generation(text=first.token, tokens=[TokenChoice(token=first.token,
                                                           logprob=first.logprob, top=alts)])
    p_yes = sum(p for t, p in zip(spellings, probs, strict=True) if t in YES_SPELLINGS) / total
    p_no = sum(p for t, p in zip(spellings, probs, strict=True) if t in NO_SPELLINGS) / total
    return gen, p_yes, p_no


@given(first_tokens())
def test_value_is_p_yes_over_p_yes_plus_p_no_in_any_spelling(case) -> None:  # type: ignore[no-untyped-def]
    gen, p_yes, p_no = case
    value, detail = yes_no_value(gen)
    if p_yes + p_no == 0:
        assert value is None and "no yes/no answer" in detail
    else:
        assert value == pytest.approx(p_yes / (p_yes + p_no), rel=1e-6, abs=1e-9)
        assert 0.0 <= value <= 1.0


@given(st.text(max_size=80))
def test_value_of_any_text_without_logprobs_is_one_zero_or_none(text: str) -> None:
    value, detail = yes_no_value(Generation(text=text))
    assert value in (0.0, 1.0, None) and isinstance(detail, str)


def _ctx(beam: int, select_by: str = "internal") -> LoopContext:
    task = load_task("game24", "4 9 10 13")
    config = ScratchpadConfig(beam=beam, select_by=select_by)
    return LoopContext(_NoModel(), task, prompts_for(task), config)


proposal_specs = st.lists(
    st.tuples(
        st.sampled_from(["1 + 4 = 5", "9 - 4 = 5", "13 - 9 = 4", "4 * 9 = 36", "bla", "4 + 4 = 8"]),
        st.one_of(st.none(), st.floats(0.0, 1.0)),
    ),
    max_size=10,
)


@given(proposal_specs, st.integers(1, 4))
def test_tot_keeps_the_top_b_distinct_valid_states_by_internal_value(specs, beam: int) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(beam)
    root = ctx.task.root()
    proposals = []
    for i, (text, value) in enumerate(specs):
        expansion = ctx.task.expand(root, text)
        internal = (0.0 if expansion.node is None else value, "test")
        proposals.append(_Proposal(Candidate(id=f"0.{i}", text=text, parent="root"), expansion,
                                   internal=internal))
    kept = _select(ctx, proposals)

    assert len(kept) <= beam
    keys = [p.expansion.node.key for p in kept if p.expansion.node is not None]
    assert len(keys) == len(kept) == len(set(keys))
    values = [p.internal[0] for p in kept if p.internal]
    assert values == sorted(values, reverse=True)  # type: ignore[type-var]
    scored = {p.expansion.node.key for p in proposals
              if p.expansion.node is not None and p.internal and p.internal[0] is not None}
    assert len(kept) == min(beam, len(scored))
    if kept:
        floor = min(values)  # type: ignore[type-var]
        for p in proposals:
            node = p.expansion.node
            if node is not None and node.key not in keys and p.internal[0] is not None:  # type: ignore[index]
                assert p.internal[0] <= floor  # type: ignore[index,operator]


def test_tot_selection_by_external_uses_the_verifier_value() -> None:
    ctx = _ctx(1, select_by="external")
    root = ctx.task.root()
    a = _Proposal(Candidate(id="a"), ctx.task.expand(root, "13 - 9 = 4"), (0.9, ""),
                  Score(0.0, "dead end"))
    b = _Proposal(Candidate(id="b"), ctx.task.expand(root, "4 * 9 = 36"), (0.1, ""),
                  Score(1.0, "reachable"))
    assert [p.candidate.id for p in _select(ctx, [a, b])] == ["b"]


@given(st.lists(st.one_of(st.none(), st.floats(-5, 5)), min_size=1, max_size=12))
def test_rank_key_puts_scored_first_highest_first_and_keeps_proposal_order_on_ties(
    values: list[float | None],
) -> None:
    order = sorted(range(len(values)), key=lambda i: rank_key(values[i], i))
    scored = [i for i in order if values[i] is not None]
    assert order[: len(scored)] == scored
    for i, j in itertools.pairwise(scored):
        assert values[i] > values[j] or (values[i] == values[j] and i < j)  # type: ignore[operator]


def test_arithmetic_prompts_show_the_numbers_left_and_ask_yes_or_no() -> None:
    task = load_task("game24", "4 9 10 13")
    prompts = prompts_for(task)
    node = task.expand(task.root(), "13 - 9 = 4").node
    assert node is not None
    propose = prompts.propose(node)
    assert [m.role for m in propose] == ["user", "assistant"]
    assert propose[0].content.endswith("(left: 3 5 5)\nNumbers: 4 4 10")
    assert propose[-1].content == "Possible next steps:\n", "the reply is pre-filled"
    two_turn = prompts_for(task, prefill=False).propose(node)
    assert [m.role for m in two_turn] == ["user", "assistant", "user"]
    assert two_turn[0].content.endswith("Numbers: 3 5 7 12")
    assert two_turn[1].content.startswith("Possible next steps:\n3 + 5 = 8")
    assert two_turn[2].content == "Numbers: 4 4 10"
    assert prompts.version == "arithmetic-v2"
    assert prompts_for(task, prefill=False).version == "arithmetic-v2-no-prefill"
    assert "yes or no" in prompts.value(node)[-1].content
    assert "4 9 10 13" in prompts.solve()[-1].content
    assert "my plan" in prompts.scratchpad("my plan")[-1].content


def test_free_text_prompts_carry_the_task_prompt() -> None:
    task = load_task("prompt", "Plan a picnic")
    prompts = prompts_for(task)
    assert all("Plan a picnic" in m[-1].content for m in (
        prompts.solve(), prompts.judge("x"), prompts.critique("x"), prompts.revise("x", "y")))


def test_settings_set_the_rarer_knobs_and_reject_bad_values() -> None:
    family = loop_family("scratchpad")
    config = family.configure({"scaffold": "tot", "propose_max_tokens": "20",
                               "select_by": "external", "self_eval": "off"})
    assert (config.propose_max_tokens, config.select_by, config.self_eval) == (20, "external",
                                                                               False)
    assert config.loop_config().propose_max_tokens == 20  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="--set propose_max_tokens: Input should be a valid"):
        family.configure({"propose_max_tokens": "many"})
    with pytest.raises(InputError, match="--n: Input should be greater than or equal to 1"):
        family.configure({"n": 0}, labels={"n": "--n"})
    with pytest.raises(InputError, match="--set temperature: Input should be a finite number"):
        family.configure({"temperature": "nan"})


def test_header_records_the_whole_config() -> None:
    loop = ScratchpadLoop(_NoModel(), load_task("game24", "4 9 10 13"), ScratchpadConfig(), 7)
    config = loop.header.config
    assert (config["n"], config["beam"], config["scaffold"]) == (4, 2, "tot")
    assert config["propose_max_tokens"] == 32 and config["internal_scorer"]
    assert loop.header.seed == 7 and loop.header.task.instance


def test_fork_rejects_bad_params_before_any_step(tmp_path: Path) -> None:
    loop = ScratchpadLoop(_NoModel(), load_task("game24", "4 9 10 13"), ScratchpadConfig(), 7)
    origin = StepView.from_events(0, [StateEvent(step=0, text="x")])
    with pytest.raises(InputError, match="fork temprature: not a setting"):
        loop.fork(origin, StepIds(1), 3, {"temprature": 1.0})
    with pytest.raises(InputError, match="no recorded state"):
        loop.fork(StepView.from_events(0, []), StepIds(1), 3, {})
    with pytest.raises(InputError, match="--set scaffold: Input should be 'scratchpad', 'tot'"):
        loop_family("scratchpad").configure({"scaffold": "mcts"})
