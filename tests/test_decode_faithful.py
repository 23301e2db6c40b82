"""The default embedded model against plain fp32 on the real SmolLM2 GGUF: decode steps (where
one-token attention and fp16-stored weights both act, through transformers' layers and through
the lean step) stay within 1e-3 nats of the model as loaded; the lean step changes no seeded
token or logprob; requests sharing a batch get their own calls' tokens; a ToT level sends all its
frontier's rows through one batch, and a seed repeats the run exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from scaffold.loops.runner import LoopRunner
from scaffold.loops.scratchpad import ScratchpadLoop
from scaffold.loops.scratchpad_context import ScratchpadConfig
from scaffold.models.gemm_lanes import lanes_op
from scaffold.models.kv_cache import preallocated_cache
from scaffold.models.load import load_text_model
from scaffold.models.text_model import ChatMessage, SamplingParams
from scaffold.models.transformers_backend import TransformersTextModel
from scaffold.tasks.load import load_task

pytestmark = pytest.mark.slow

PROMPTS = [
    [ChatMessage("user", "Use the numbers 4 9 10 13 and + - * / to make 24. Propose one step.")],
    [ChatMessage("user", "What is 2+2?")],
]


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread() -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def model(one_torch_thread: None) -> TransformersTextModel:
    loaded = load_text_model()
    assert isinstance(loaded, TransformersTextModel)
    return loaded


def _decode_logprobs(model: TransformersTextModel, prompt: list[int], forced: list[int],
                     rows: int, lean: bool = False) -> torch.Tensor:
    """Log-softmax after the prompt and after each forced token, decoded one token at a time
    on `rows` identical rows (the batched path), from row 0; `lean`: steps by the lean step."""
    cache = preallocated_cache(model.model.config, len(prompt) + 16)
    backend_kw = {model._cache_kw: cache}
    with torch.inference_mode():
        out = model.model(input_ids=torch.tensor([prompt]), use_cache=True, **backend_kw)
        cache.batch_repeat_interleave(rows)
        logits = [out.logits[0, -1]]
        for i, token in enumerate(forced):
            if lean:
                assert model.lean is not None
                position = torch.tensor([len(prompt) + i])
                logits.append(model.lean.step(torch.full((rows,), token), cache, position)[0])
                continue
            out = model.model(input_ids=torch.full((rows, 1), token), use_cache=True, **backend_kw)
            logits.append(out.logits[0, -1])
    return torch.log_softmax(torch.stack(logits).float(), dim=-1)


def test_decode_steps_stay_within_a_thousandth_of_a_nat_of_plain_fp32(
    model: TransformersTextModel,
) -> None:
    plain = load_text_model(weights="none")
    assert isinstance(plain, TransformersTextModel) and not plain.decode_attention
    assert model.decode_attention and model.pack_kind == "fp16"
    for chat in PROMPTS:
        prompt = model.prompt_ids(chat)
        with torch.inference_mode():
            greedy = plain.model.generate(torch.tensor([prompt]), do_sample=False,
                                          max_new_tokens=10)
        ids = greedy[0, len(prompt):].tolist()
        exact = _decode_logprobs(plain, prompt, ids, rows=4)
        ours = _decode_logprobs(model, prompt, ids, rows=4)
        kl = (exact.exp() * (exact - ours)).sum(dim=-1)
        assert float(kl.max()) < 1e-3, f"KL per decode position {kl.tolist()}"
        assert torch.equal(ours.argmax(dim=-1), exact.argmax(dim=-1))
        lean = _decode_logprobs(model, prompt, ids, rows=4, lean=True)
        assert torch.equal(lean, ours), "the lean step is transformers' step, bit for bit"


def test_the_lean_step_changes_no_seeded_token_or_logprob(model: TransformersTextModel) -> None:
    assert model.lean is not None, "the embedded model decodes by the lean step"
    params = SamplingParams(n=4, max_new_tokens=24, temperature=0.7, seed=11)
    requests = [(chat, SamplingParams(n=2, max_new_tokens=16, seed=s))
                for chat, s in zip(PROMPTS, (3, 4), strict=True)]
    lean = (model.generate(PROMPTS[0], params), model.generate_many(requests))
    saved, model.lean = model.lean, None
    try:
        plain = (model.generate(PROMPTS[0], params), model.generate_many(requests))
    finally:
        model.lean = saved
    assert lean == plain


def test_requests_sharing_a_batch_get_their_own_calls_tokens(model: TransformersTextModel) -> None:
    params = [SamplingParams(n=3, max_new_tokens=12, temperature=0.8, seed=s) for s in (5, 6)]
    requests = list(zip(PROMPTS, params, strict=True))
    shared = model.generate_many(requests)
    alone = [model.generate(chat, p) for chat, p in requests]
    assert len(model.prompt_ids(PROMPTS[0])) != len(model.prompt_ids(PROMPTS[1]))  # padded
    for together, own in zip(shared, alone, strict=True):
        assert [g.text for g in together] == [g.text for g in own]
        assert [g.finish_reason for g in together] == [g.finish_reason for g in own]
        for a, b in zip(together, own, strict=True):
            assert [t.logprob for t in a.tokens] == pytest.approx([t.logprob for t in b.tokens],
                                                                  abs=1e-3)
    assert model.generate_many(requests) == shared


def _tot_events(model: TransformersTextModel, out: Path) -> list[dict]:
    config = ScratchpadConfig(scaffold="tot", n=3, beam=2, steps=3, max_new_tokens=24)
    runner = LoopRunner(ScratchpadLoop(model, load_task("game24", "4 9 10 13"), config, seed=6),
                        out)
    events = []
    while (step := runner.step()) is not None:
        events += [e.model_dump(exclude={"wall_s"}) for e in step]
    runner.close()
    return events


def test_a_tot_level_decodes_its_whole_frontier_in_one_batch_and_a_seed_repeats_it(
    model: TransformersTextModel, tmp_path: Path,
) -> None:
    rows: list[int] = []
    embed = model.model.get_input_embeddings()
    hook = embed.register_forward_pre_hook(lambda _m, args: rows.append(args[0].shape[0]))
    try:
        first = _tot_events(model, tmp_path / "a.jsonl")
    finally:
        hook.remove()
    frontiers = [len(e["attrs"]["frontier_ids"]) for e in first if e["event"] == "state"]
    assert max(frontiers) == 2, "the test needs a level that expands two nodes"
    assert max(rows) > 3, "two nodes' K=3 proposals decode as one batch of up to 6 rows"
    assert _tot_events(model, tmp_path / "b.jsonl") == first


def test_two_threads_on_two_gemm_lanes_change_no_seeded_token_or_logprob(
    model: TransformersTextModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two sampling threads the layers are column-split and a step's GEMMs and attention
    run on two lanes (scaffold.models.gemm_lanes): the same tokens and logprobs as one thread."""
    if lanes_op() is None:
        pytest.skip("no compiler for the two-lane op here")
    monkeypatch.setenv("MESASCOPE_SAMPLING_THREADS", "2")
    two = load_text_model()
    assert isinstance(two, TransformersTextModel)
    assert two.lean is not None and two.lean.lanes is not None
    params = SamplingParams(n=8, max_new_tokens=24, temperature=0.7, seed=5)
    requests = [(chat, SamplingParams(n=3, max_new_tokens=16, seed=s))
                for chat, s in zip(PROMPTS, (6, 7), strict=True)]
    lanes = (two.generate(PROMPTS[0], params), two.generate_many(requests))
    monkeypatch.setenv("MESASCOPE_SAMPLING_THREADS", "1")
    assert lanes == (model.generate(PROMPTS[0], params), model.generate_many(requests))
