"""The decode step's replacements compute what they replace: the multinomial draw bit for bit
(same generator stream), one-token attention to rounding with grouped-query heads and masks,
and the linear weight bytes the roofline counts."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from transformers.integrations.sdpa_attention import sdpa_attention_forward

from scaffold.models.decode_attention import decode_attention
from scaffold.models.multinomial import same_draws_as_torch, sample_one
from scaffold.models.packed_linear import linear_weight_bytes, pack_linears


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(2, 3000), st.integers(0, 2**31 - 1), st.booleans())
def test_sample_one_draws_what_torch_multinomial_draws(
    rows: int, vocab: int, seed: int, zeros: bool
) -> None:
    torch.manual_seed(seed % 1000)
    probs = torch.softmax(torch.randn(rows, vocab) * 5, dim=-1)
    if zeros:
        probs[:, ::3] = 0.0
    theirs, ours = (torch.Generator().manual_seed(seed) for _ in range(2))
    for _ in range(3):  # consecutive draws: the generators must stay in step
        expected = torch.multinomial(probs, 1, generator=theirs)[:, 0]
        assert torch.equal(sample_one(probs, ours), expected)
    assert torch.equal(ours.get_state(), theirs.get_state())


def test_this_build_takes_the_fast_draw() -> None:
    """Not a correctness condition (the fallback is torch's own), but the speed claim's."""
    assert same_draws_as_torch()


class _Heads(torch.nn.Module):
    is_causal = True
    training = False

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.num_key_value_groups = groups


@pytest.mark.parametrize("masked", [False, True])
@pytest.mark.parametrize(("heads", "kv_heads"), [(9, 3), (4, 4), (8, 1)])
def test_one_token_attention_matches_sdpa(heads: int, kv_heads: int, masked: bool) -> None:
    torch.manual_seed(heads + kv_heads)
    rows, length, dim = 5, 37, 16
    buffer = torch.randn(rows, kv_heads, 64, dim)  # a cache view, as the preallocated cache hands
    key, value = buffer[:, :, :length], torch.randn(rows, kv_heads, 64, dim)[:, :, :length]
    query = torch.randn(rows, heads, 1, dim)
    mask = None
    if masked:  # left padding of a different length per row
        mask = (torch.arange(length)[None, :] >= torch.arange(rows)[:, None] * 3)[:, None, None, :]
    module = _Heads(heads // kv_heads)
    with torch.inference_mode():
        ours, _ = decode_attention(module, query, key, value, mask, scaling=dim**-0.5)
        theirs, _ = sdpa_attention_forward(module, query, key, value, mask, scaling=dim**-0.5)
    assert ours.shape == theirs.shape == (rows, 1, heads, dim)
    torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-6)


def test_weight_bytes_count_each_linear_as_stored() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 8))
    assert linear_weight_bytes(model) == (64 * 32 + 32 * 8) * 4
    pack_linears(model, "fp16")
    assert linear_weight_bytes(model) == (64 * 32 + 32 * 8) * 2
