"""The lean decode step computes transformers' decode step bit for bit: on a small random
Llama (grouped-query heads, fp16-packed linears), one and several rows, left-padded rows with
their own positions and masks, and the keys and values it writes into the cache."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM

from scaffold.models import packed_linear
from scaffold.models.decode_attention import use_decode_attention
from scaffold.models.gemm_lanes import lanes_op
from scaffold.models.kv_cache import merge_left_padded, preallocated_cache
from scaffold.models.lean_decode import lean_decoder
from scaffold.models.packed_linear import pack_linears


def _model(kind: str, kv_heads: int = 2, split: bool = False, intermediate: int = 160
           ) -> LlamaForCausalLM:
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=300, hidden_size=96, intermediate_size=intermediate,
                         num_hidden_layers=3, num_attention_heads=6, num_key_value_heads=kv_heads,
                         max_position_embeddings=128, attn_implementation="sdpa")
    model = LlamaForCausalLM(config).eval()
    pack_linears(model, kind, split=split)  # type: ignore[arg-type]
    assert use_decode_attention(model)
    return model


def _prefill(model: LlamaForCausalLM, prompt: list[int], capacity: int, rows: int):
    cache = preallocated_cache(model.config, capacity)
    with torch.inference_mode():
        model(input_ids=torch.tensor([prompt]), use_cache=True, cache=cache)
    cache.batch_repeat_interleave(rows)
    return cache


@pytest.mark.parametrize("kind", ["fp16", "fp32", "none"])
@pytest.mark.parametrize(("rows", "kv_heads"), [(1, 2), (5, 2), (4, 6), (3, 1)])
def test_lean_steps_equal_transformers_steps(kind: str, rows: int, kv_heads: int) -> None:
    model = _model(kind, kv_heads)
    lean = lean_decoder(model)
    assert lean is not None
    theirs, ours = _steps_agree(model, lean, rows)
    for a, b in zip(theirs.layers, ours.layers, strict=True):
        assert a.get_seq_length() == b.get_seq_length() == len(PROMPT) + STEPS
        assert torch.equal(a.keys, b.keys) and torch.equal(a.values, b.values)


PROMPT = [5, 17, 250, 3, 99, 42, 7]
STEPS = 9


def _steps_agree(model: Any, lean: Any, rows: int) -> tuple[Any, Any]:
    """Prefill both caches with PROMPT, then STEPS random tokens a row through transformers'
    step and the lean one: the logits must be equal at every step. Returns both caches."""
    theirs = _prefill(model, PROMPT, 32, rows)
    ours = _prefill(model, PROMPT, 32, rows)
    tokens = torch.randint(0, 300, (STEPS, rows), generator=torch.Generator().manual_seed(rows))
    with torch.inference_mode():
        for i, step in enumerate(tokens):
            expected = model(input_ids=step[:, None], use_cache=True, cache=theirs).logits[:, -1]
            got = lean.step(step, ours, torch.tensor([len(PROMPT) + i]))
            assert torch.equal(got, expected), f"step {i}: {(got - expected).abs().max()}"
    return theirs, ours


@pytest.mark.parametrize("lanes", [False, True])
def test_lean_steps_equal_transformers_steps_on_left_padded_rows(
    lanes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two prompts of different lengths merged into one batch, as a ToT level decodes them;
    with `lanes`, every layer column-split and the GEMMs and the masked attention on two
    threads (scaffold.models.gemm_lanes)."""
    if lanes:
        if lanes_op() is None:
            pytest.skip("no compiler for the two-lane op here")
        monkeypatch.setattr(packed_linear, "SPLIT_MIN_WEIGHTS", 0)
    model = _model("fp16", split=lanes)
    lean = lean_decoder(model)
    assert lean is not None and (lean.lanes is not None) == lanes
    prompts, repeats, steps = [[4, 8, 15, 16, 23, 42], [1, 2, 3]], [2, 3], 6
    longest = max(map(len, prompts))

    def merged():
        caches = [_prefill(model, p, len(p), 1) for p in prompts]
        cache = merge_left_padded(model.config, caches, repeats, longest + steps)
        assert cache is not None
        return cache

    theirs, ours = merged(), merged()
    lengths = torch.tensor([len(p) for p, n in zip(prompts, repeats, strict=True)
                            for _ in range(n)])
    pad = torch.arange(longest + steps)[None, :] >= (longest - lengths)[:, None]
    seeded = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, 300, (steps, sum(repeats)), generator=seeded)
    with torch.inference_mode():
        for i, step in enumerate(tokens):
            keep, positions = pad[:, : longest + i + 1], lengths[:, None] + i
            expected = model(input_ids=step[:, None], use_cache=True, cache=theirs,
                             attention_mask=keep, position_ids=positions).logits[:, -1]
            got = lean.step(step, ours, positions.view(-1), keep)
            assert torch.equal(got, expected), f"step {i}: {(got - expected).abs().max()}"


def test_models_the_step_does_not_reproduce_get_none() -> None:
    model = _model("fp16")
    model.config.hidden_act = "gelu"
    assert lean_decoder(model) is None
    assert lean_decoder(torch.nn.Linear(2, 2)) is None


@pytest.mark.parametrize(("rows", "kv_heads", "intermediate"),
                         [(1, 2, 160), (5, 2, 160), (8, 3, 160), (1, 2, 256), (7, 3, 256)])
def test_lean_steps_on_two_gemm_lanes_equal_transformers_steps(
    rows: int, kv_heads: int, intermediate: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every layer column-split (uneven blocks: q, down and the output layer cut at 64 of 96
    or 128 of 300, k and v whole), the step's q/k/v GEMMs run together, the attention's rows
    split, gate/up together (intermediate 160: blocks of 64 and 96; 256: two of 128), on two
    threads: still transformers' step (which calls each split layer on its own and attends
    all rows at once)."""
    if lanes_op() is None:
        pytest.skip("no compiler for the two-lane op here")
    monkeypatch.setattr(packed_linear, "SPLIT_MIN_WEIGHTS", 0)
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        model = _model("fp16", kv_heads, split=True, intermediate=intermediate)
        blocks = [len(m.blocks) for m in model.modules() if hasattr(m, "blocks")]
        assert 1 in blocks and 2 in blocks
        lean = lean_decoder(model)
        assert lean is not None and lean.lanes is not None
        _steps_agree(model, lean, rows)
    finally:
        torch.set_num_threads(threads)
