"""Scratchpad loops: the yes/no value, fork params, and tiny real runs of every scaffold on the
embedded SmolLM2 model (fork through LoopRunner, recording, determinism), plus backend failures
from the real HTTP backend pointed at a closed port."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.loops.runner import LoopRunner
from scaffold.loops.scratchpad import ScratchpadLoop
from scaffold.loops.scratchpad_context import ScratchpadConfig
from scaffold.loops.scratchpad_step import derive_seed
from scaffold.loops.scratchpad_value import yes_no_value
from scaffold.models.text_model import Generation
from scaffold.tasks.load import load_task
from scaffold.transcript import read_transcript
from scaffold.transcript.events import (
    CandidatesEvent,
    ErrorEvent,
    ForkEvent,
    MetricsEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TokenAlternative,
    TokenChoice,
)

TINY = {"n": 2, "beam": 1, "steps": 2, "max_new_tokens": 12, "critique_max_tokens": 8}


def _gen(first: str, alts: dict[str, float], text: str = "") -> Generation:
    top = [TokenAlternative(token=t, logprob=lp) for t, lp in alts.items()]
    return Generation(text=text or first, tokens=[TokenChoice(token=first, logprob=alts.get(
        first, -9.0), top=top)])


def test_value_is_the_share_of_yes_among_yes_and_no_at_the_first_token() -> None:
    value, detail = yes_no_value(_gen("No", {"No": math.log(0.6), "Yes": math.log(0.2),
                                             " yes": math.log(0.1), "The": math.log(0.05)}))
    assert value == pytest.approx(0.3 / 0.9) and "P(yes)" in detail


def test_value_falls_back_to_the_answer_word_and_admits_when_there_is_none() -> None:
    assert yes_no_value(Generation(text="Yes, it can."))[0] == 1.0
    assert yes_no_value(Generation(text="no"))[0] == 0.0
    assert yes_no_value(Generation(text="Sure, I can help"))[0] is None


def test_fork_params_override_known_knobs_and_reject_unknown_ones() -> None:
    config = ScratchpadConfig()
    assert config.with_params({"temperature": 1, "n": 3}).temperature == 1.0
    with pytest.raises(InputError, match="fork temprature: not a setting"):
        config.with_params({"temprature": 1.0})
    with pytest.raises(InputError, match="fork select_by"):
        config.with_params({"select_by": "oracle"})
    with pytest.raises(InputError, match="fork n: Input should be less than or equal to 64"):
        config.with_params({"n": 10**6})


def test_call_seeds_are_stable_and_depend_on_the_call_site() -> None:
    assert derive_seed(7, 0, "propose", 0) == derive_seed(7, 0, "propose", 0)
    assert derive_seed(7, 0, "propose", 0) != derive_seed(7, 0, "propose", 1)
    assert 0 <= derive_seed(2**40, "x") < 2**31


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    from scaffold.models.load import load_text_model

    return load_text_model()


def _run(model, scaffold: str, out: Path, **over: object) -> LoopRunner:  # type: ignore[no-untyped-def]
    config = ScratchpadConfig(scaffold=scaffold, **{**TINY, **over})  # type: ignore[arg-type]
    loop = ScratchpadLoop(model, load_task("game24", "4 9 10 13"), config, seed=3)
    return LoopRunner(loop, out)


@pytest.mark.slow
def test_tot_fork_from_a_recorded_level_starts_with_a_fork_and_reuses_its_frontier(
    model, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    runner = _run(model, "tot", tmp_path / "t.jsonl", steps=1)
    first = runner.step()
    assert first is not None and runner.step() is None
    cands = next(e for e in first if isinstance(e, CandidatesEvent)).candidates
    assert {c.parent for c in cands} == {"root"} and len(cands) == 2
    assert all("parse" in c.attrs for c in cands)
    assert cands[0].tokens and cands[0].tokens[0].top
    assert isinstance(first[-1], MetricsEvent) and first[-1].wall_s is not None

    runner.fork(0, seed=11, params={"temperature": 1.0})
    branch = runner.step()
    runner.close()
    assert branch is not None and isinstance(branch[0], ForkEvent)
    assert branch[0].from_step == 0 and branch[0].params == {"temperature": 1.0}
    state = next(e for e in branch if isinstance(e, StateEvent))
    assert state.parent == 0 and state.step != 0
    assert state.attrs["frontier_ids"] == ["root"]
    assert runner.tree.parent[state.step] == 0
    _, recorded, _ = read_transcript(tmp_path / "t.jsonl")
    forks = [e for e in recorded if isinstance(e, ForkEvent)]
    assert len(forks) == 1 and forks[0].seed == 11  # the branch lives in the same file
    assert any(isinstance(e, StateEvent) and e.parent == 0 and e.step == state.step
               for e in recorded)


@pytest.mark.slow
@pytest.mark.parametrize("scaffold", ["best-of-n", "refine", "scratchpad"])
def test_every_scaffold_records_a_step_and_ends_in_a_final_state(
    model, tmp_path: Path, scaffold: str  # type: ignore[no-untyped-def]
) -> None:
    runner = _run(model, scaffold, tmp_path / f"{scaffold}.jsonl")
    steps = []
    while (events := runner.step()) is not None:
        steps.append(events)
    runner.close()
    assert len(steps) == 2
    assert next(e for e in steps[-1] if isinstance(e, StateEvent)).final
    selects = [e for s in steps for e in s if isinstance(e, SelectEvent)]
    cands = next(e for e in steps[0] if isinstance(e, CandidatesEvent)).candidates
    internal = {e.candidate: e.value for e in steps[0]
                if isinstance(e, ScoreEvent) and e.kind == "internal"}
    external = {e.candidate for e in steps[0] if isinstance(e, ScoreEvent) and e.kind == "external"}
    assert set(internal) == external == {c.id for c in cands}  # scored both ways
    assert cands[0].tokens and cands[0].tokens[0].top  # logprobs with top-k alternatives
    if scaffold == "scratchpad":
        assert not selects and len(cands) == 1  # one plan per step: nothing is chosen
        assert steps[-1][0].text == cands[0].text  # type: ignore[union-attr]
        assert "objective" in steps[-1][0].attrs  # type: ignore[union-attr]
    else:
        assert len(selects) == 1 and len(selects[0].chosen) == 1 and len(cands) == 2
        values = [internal[c.id] for c in cands]
        best = max(range(2), key=lambda i: (values[i] is not None, values[i] or 0.0, -i))
        assert selects[0].chosen == [cands[best].id]  # the top internal score is kept
        if scaffold == "refine":
            assert cands[1].parent == cands[0].id and cands[1].attrs["role"] == "revision"


@pytest.mark.slow
def test_same_seed_same_events_for_best_of_n(model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def events(name: str) -> list[dict]:
        runner = _run(model, "best-of-n", tmp_path / name, steps=1)
        out = runner.step() or []
        runner.close()
        return [e.model_dump(exclude={"wall_s"}) for e in out]

    assert events("a.jsonl") == events("b.jsonl")


def test_backend_failures_become_error_events_and_the_branch_ends_cleanly(tmp_path: Path) -> None:
    from scaffold.models.openai_backend import OpenAITextModel

    dead = OpenAITextModel("http://127.0.0.1:9", "m", retries=0, connect_timeout_s=1.0)
    runner = _run(dead, "tot", tmp_path / "dead.jsonl")
    events = runner.step()
    assert runner.step() is None
    runner.close()
    assert events is not None
    errors = [e for e in events if isinstance(e, ErrorEvent)]
    assert errors and errors[0].kind == "backend" and "propose" in errors[0].message
    assert not any(isinstance(e, CandidatesEvent) for e in events)
