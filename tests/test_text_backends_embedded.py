"""The embedded transformers backend on the real SmolLM2-135M GGUF, with few tokens per test.

The first run dequantizes the GGUF into the safetensors cache (tens of seconds); later runs
load the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
import torch
from transformers import DynamicCache

from scaffold.models.embedded import EMBEDDED_MODEL_ID, embedded_gguf_path
from scaffold.models.kv_cache import preallocated_cache
from scaffold.models.load import load_text_model
from scaffold.models.text_model import BackendError, ChatMessage, SamplingParams
from scaffold.models.transformers_backend import TransformersTextModel
from scaffold.models.weights_cache import cached_model_dir

pytestmark = pytest.mark.slow

CHAT = [ChatMessage("user", "Give one short plan to reach 24 from 4 9 10 13.")]
STAGES: list[tuple[str, float]] = []


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread() -> Iterator[None]:
    """On a shared 2-core box, two OpenMP threads spin against other jobs and run ~10x slower."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def model(one_torch_thread: None) -> TransformersTextModel:
    loaded = load_text_model(progress=lambda stage, done: STAGES.append((stage, done)))
    assert isinstance(loaded, TransformersTextModel)
    return loaded


def hf_greedy(model: TransformersTextModel, new_tokens: int) -> Any:
    prompt = torch.tensor([model.prompt_ids(CHAT)])
    with torch.inference_mode():
        return model.model.generate(
            prompt, attention_mask=torch.ones_like(prompt), do_sample=False,
            max_new_tokens=new_tokens, return_dict_in_generate=True, output_logits=True,
        )


def test_model_info_carries_the_model_id_and_the_gguf_sha256(model: TransformersTextModel) -> None:
    expected = hashlib.sha256(embedded_gguf_path().read_bytes()).hexdigest()
    assert model.info.id == EMBEDDED_MODEL_ID
    assert model.info.backend == "transformers"
    assert model.info.file_hash == expected


def test_loading_reports_stages_in_order_and_ends_ready(model: TransformersTextModel) -> None:
    names = [stage for stage, _ in STAGES]
    fractions = [done for _, done in STAGES]
    assert names[:2] == ["locating GGUF", "hashing GGUF"] and STAGES[-1] == ("ready", 1.0)
    assert fractions == sorted(fractions)
    cold = ["tokenizer", "dequantising GGUF (first start)", "caching safetensors"]
    warm = ["loading cached safetensors", "tokenizer"]
    assert all(n in names for n in cold) or all(n in names for n in warm)


def test_second_load_reads_the_safetensors_cache_and_gives_the_same_outputs(
    model: TransformersTextModel,
) -> None:
    assert model.info.file_hash is not None
    folder = cached_model_dir(model.info.file_hash)
    assert folder is not None
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        assert (folder / name).is_file()
    stages: list[str] = []
    again = load_text_model(progress=lambda stage, _done: stages.append(stage))
    assert "loading cached safetensors" in stages
    assert not any(s.startswith("dequantising") for s in stages)
    assert again.info == model.info
    params = SamplingParams(n=1, max_new_tokens=4, temperature=0)
    assert again.generate(CHAT, params) == model.generate(CHAT, params)


def test_greedy_batch_matches_transformers_generate_token_for_token(
    model: TransformersTextModel,
) -> None:
    reference = hf_greedy(model, 6)
    prompt_len = len(model.prompt_ids(CHAT))
    expected_text = model.tokenizer.decode(reference.sequences[0, prompt_len:])
    out = model.generate(CHAT, SamplingParams(n=3, max_new_tokens=6, temperature=0))
    assert [g.text for g in out] == [expected_text] * 3
    for position, logits in enumerate(reference.logits):
        logprobs = torch.log_softmax(logits[0].float(), dim=-1)
        top = logprobs.topk(5)
        token = out[0].tokens[position]
        assert token.logprob == pytest.approx(float(top.values[0]), abs=1e-4)
        assert [alt.logprob for alt in token.top] == pytest.approx(top.values.tolist(), abs=1e-4)
        assert [alt.token for alt in token.top] == [
            model.tokenizer.decode([i]) for i in top.indices.tolist()
        ]


def test_sampled_tokens_carry_their_logprob_among_the_models_alternatives(
    model: TransformersTextModel,
) -> None:
    out = model.generate(CHAT, SamplingParams(n=4, max_new_tokens=5, temperature=1.0, seed=3))
    for generation in out:
        assert generation.n_tokens == 5 and generation.prompt_tokens > 0
        for token in generation.tokens:
            assert len(token.top) == 5
            assert [a.logprob for a in token.top] == sorted(
                (a.logprob for a in token.top), reverse=True
            )
            assert token.logprob <= token.top[0].logprob + 1e-6
            same = [a.logprob for a in token.top if a.token == token.token]
            assert all(lp == pytest.approx(token.logprob, abs=1e-5) for lp in same)


def test_prompt_is_encoded_once_for_k_candidates(model: TransformersTextModel) -> None:
    shapes: list[tuple[int, ...]] = []
    embed = model.model.get_input_embeddings()
    hook = embed.register_forward_pre_hook(lambda _m, args: shapes.append(tuple(args[0].shape)))
    try:
        model.generate(CHAT, SamplingParams(n=4, max_new_tokens=3), min_new_tokens=3)
    finally:
        hook.remove()
    prompt_len = len(model.prompt_ids(CHAT))
    assert shapes == [(1, prompt_len), (4, 1), (4, 1)]


def test_same_seed_gives_identical_outputs_and_another_seed_differs(
    model: TransformersTextModel,
) -> None:
    params = SamplingParams(n=3, max_new_tokens=6, temperature=1.0, seed=7)
    first = model.generate(CHAT, params)
    assert model.generate(CHAT, params) == first
    other = model.generate(CHAT, SamplingParams(n=3, max_new_tokens=6, temperature=1.0, seed=8))
    assert [g.text for g in other] != [g.text for g in first]


def test_stop_string_cuts_the_text_and_ends_the_candidate(model: TransformersTextModel) -> None:
    full = model.generate(CHAT, SamplingParams(n=1, max_new_tokens=8, temperature=0))[0].text
    stop = full[4:7]
    assert len(stop) == 3
    out = model.generate(CHAT, SamplingParams(n=2, max_new_tokens=8, temperature=0, stop=(stop,)))
    for generation in out:
        assert generation.text == full[: full.find(stop)]
        assert generation.finish_reason == "stop"


def test_eos_ends_a_candidate_unless_min_new_tokens_forces_more(
    model: TransformersTextModel,
) -> None:
    question = [ChatMessage("user", "What is 2+2? Answer with a number only.")]
    short = model.generate(question, SamplingParams(n=1, max_new_tokens=12, temperature=0))[0]
    assert short.finish_reason == "stop" and short.n_tokens < 12
    forced = model.generate(
        question, SamplingParams(n=1, max_new_tokens=12, temperature=0), min_new_tokens=12
    )[0]
    assert forced.n_tokens == 12 and forced.finish_reason == "length"
    assert forced.text.startswith(short.text)


def test_prompt_beyond_the_context_is_a_backend_error(model: TransformersTextModel) -> None:
    with pytest.raises(BackendError, match="context"):
        model.generate(CHAT, SamplingParams(max_new_tokens=10**6))


def test_linears_are_packed_and_the_preallocated_cache_matches_transformers_cache(
    model: TransformersTextModel,
) -> None:
    assert model.packed_linears > 0
    assert not any(type(m) is torch.nn.Linear for m in model.model.modules())
    prompt = torch.tensor([model.prompt_ids(CHAT)])
    steps = torch.tensor([[[11], [12]], [[13], [14]], [[15], [16]]])

    def logits(cache: DynamicCache) -> list[torch.Tensor]:
        with torch.inference_mode():
            kw = {model._cache_kw: cache}  # `cache` on transformers 5.x
            out = [model.model(input_ids=prompt, use_cache=True, **kw).logits]
            cache.batch_repeat_interleave(2)
            for ids in steps:
                out.append(model.model(input_ids=ids, use_cache=True, **kw).logits)
        return out

    ours = logits(preallocated_cache(model.model.config, prompt.shape[1] + len(steps)))
    theirs = logits(DynamicCache(config=model.model.config))
    assert all(torch.equal(a, b) for a, b in zip(ours, theirs, strict=True))


def test_fp16_weights_are_the_default_and_stay_faithful_to_the_fp32_model(
    model: TransformersTextModel,
) -> None:
    """fp16-stored linear weights (fp32 arithmetic) against the same model with plain fp32
    linears: next-token distributions over the prompt agree to a small KL, top-1 everywhere."""
    assert model.pack_kind == "fp16"
    assert model.numerics == (
        "float32; linear weights fp16 (fbgemm), fp32 accumulation; "
        "one-token attention as grouped matmuls"
    )
    plain = load_text_model(weights="none")
    assert isinstance(plain, TransformersTextModel) and plain.packed_linears == 0
    assert plain.numerics == "float32; linear weights as loaded"
    prompt = torch.tensor([model.prompt_ids(CHAT)])
    with torch.inference_mode():
        ours = torch.log_softmax(model.model(input_ids=prompt).logits[0], dim=-1)
        exact = torch.log_softmax(plain.model(input_ids=prompt).logits[0], dim=-1)
    kl = (exact.exp() * (exact - ours)).sum(dim=-1)
    assert float(kl.max()) < 1e-3, f"KL per position {kl.tolist()}"
    assert torch.equal(ours.argmax(dim=-1), exact.argmax(dim=-1))
    assert not torch.equal(ours, exact), "the fp16 weights are in use"


def test_unknown_weights_kind_is_an_input_error() -> None:
    from scaffold.errors import InputError

    with pytest.raises(InputError, match="--set weights=int3: choose one of fp16, fp32, none"):
        load_text_model(weights="int3")


def test_a_final_assistant_message_is_continued_not_answered(model: TransformersTextModel) -> None:
    """The prompt ends inside the assistant turn (no end-of-turn, no new turn), and the reply
    continues it: a pre-filled list of numbers goes on with the next number, greedily."""
    chat = [ChatMessage("user", "Count from 1 to 10, separated by commas."),
            ChatMessage("assistant", "1, 2, 3, 4,")]
    text = model.tokenizer.decode(model.prompt_ids(chat))
    assert text.endswith("<|im_start|>assistant\n1, 2, 3, 4,")
    assert text.count("<|im_start|>assistant") == 1
    out = model.generate(chat, SamplingParams(n=1, max_new_tokens=4, temperature=0))[0]
    assert out.text.lstrip().startswith("5")
