"""The decode step's replacements compute what they replace: the token draw from the
probabilities (inverse CDF), one-token attention to rounding with grouped-query heads and masks,
and the linear weight bytes the roofline counts."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chisquare
from transformers.integrations.sdpa_attention import sdpa_attention_forward

from scaffold.models.decode_attention import decode_attention
from scaffold.models.multinomial import sample_one
from scaffold.models.packed_linear import linear_weight_bytes, pack_linears


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 9), st.integers(1, 3000), st.integers(0, 2**31 - 1),
       st.sampled_from(["none", "thirds", "all_but_one", "tail"]))
def test_sample_one_draws_only_tokens_with_probability(
    rows: int, vocab: int, seed: int, zeros: str
) -> None:
    torch.manual_seed(seed % 1000)
    probs = torch.softmax(torch.randn(rows, vocab) * 5, dim=-1)
    if zeros == "thirds" and vocab > 1:
        probs[:, ::3] = 0.0
    elif zeros == "all_but_one":
        probs[:] = 0.0
        probs[:, seed % vocab] = 0.25
    elif zeros == "tail" and vocab > 1:  # top-p cuts leave zeros after the last kept token
        probs[:, vocab // 2:] = 0.0
    generator = torch.Generator().manual_seed(seed)
    for _ in range(3):
        picked = sample_one(probs, generator)
        assert picked.shape == (rows,) and picked.dtype == torch.int64
        assert bool((probs.gather(1, picked[:, None]) > 0).all())


def test_sample_one_draws_each_token_at_its_probability() -> None:
    """A chi-square goodness-of-fit test on 200,000 seeded draws (deterministic, so not flaky):
    an index off by one, a lost row or a skewed uniform fails it."""
    probs = torch.tensor([[0.5, 0.0, 0.2, 0.15, 0.1, 0.05, 1e-3, 0.0]])
    probs = probs.expand(50_000, -1).contiguous()
    generator = torch.Generator().manual_seed(7)
    counts = sum(torch.bincount(sample_one(probs, generator), minlength=8) for _ in range(4))
    assert counts[1] == 0 and counts[7] == 0
    p = probs[0].double()
    expected = p / p.sum() * int(counts.sum())
    kept = expected > 0
    assert chisquare(counts[kept].double(), expected[kept]).pvalue > 1e-4


def test_sample_one_is_reproducible_from_the_seed() -> None:
    probs = torch.softmax(torch.randn(8, 49152), dim=-1)
    a, b, c = (torch.Generator().manual_seed(s) for s in (1, 1, 2))
    first = [sample_one(probs, a) for _ in range(5)]
    assert all(torch.equal(x, sample_one(probs, b)) for x in first)
    assert not all(torch.equal(x, sample_one(probs, c)) for x in first)


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


def test_the_linears_only_ceiling_runs_every_linear_once_a_pass() -> None:
    from benchmarks.roofline import linears_steps_s

    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4),
                                torch.nn.Linear(4, 8))
    calls = [0, 0, 0]
    for i, layer in enumerate((model[0], model[2], model[3])):
        layer.register_forward_hook(lambda *_, i=i: calls.__setitem__(i, calls[i] + 1))
    rate = linears_steps_s(model, rows=3, seconds=0.05)
    assert rate > 0 and calls[0] == calls[1] == calls[2] >= 4  # a warm-up and three passes
