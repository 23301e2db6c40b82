"""The embedded backend's speed pieces, without the model: the pre-allocated KV cache layer
against transformers' own DynamicLayer, and oneDNN-packed linears against nn.Linear."""

from __future__ import annotations

import pytest
import torch
from transformers.cache_utils import DynamicLayer

from scaffold.models.kv_cache import PreallocatedLayer
from scaffold.models.packed_linear import PackedLinear, can_pack, pack_linears


def kv(batch: int, length: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(batch, 3, length, 8, generator=g), torch.randn(batch, 3, length, 8,
                                                                       generator=g)


def test_preallocated_layer_returns_what_the_dynamic_layer_returns_through_a_decode() -> None:
    ours, theirs = PreallocatedLayer(capacity=12), DynamicLayer()
    for layer in (ours, theirs):
        layer.update(*kv(1, 5, seed=0))  # the prompt, one row
        layer.batch_repeat_interleave(3)
    for step in range(4):
        new = kv(3, 1, seed=step + 1)
        got, want = ours.update(*new), theirs.update(*new)
        assert all(torch.equal(a, b) for a, b in zip(got, want, strict=True))
        assert ours.get_seq_length() == theirs.get_seq_length() == 6 + step
        if step == 1:  # a candidate finished: keep rows 0 and 2
            keep = torch.tensor([0, 2])
            ours.batch_select_indices(keep)
            theirs.batch_select_indices(keep)
            new = kv(2, 1, seed=9)
            got, want = ours.update(*new), theirs.update(*new)
            assert all(torch.equal(a, b) for a, b in zip(got, want, strict=True))
            break
    assert ours.keys.shape == (2, 3, 8, 8)


def test_preallocated_layer_refuses_to_write_past_its_capacity() -> None:
    layer = PreallocatedLayer(capacity=4)
    layer.update(*kv(1, 3, seed=0))
    layer.update(*kv(1, 1, seed=1))
    with pytest.raises(ValueError, match="capacity 4"):
        layer.update(*kv(1, 1, seed=2))


@pytest.mark.skipif(not torch.backends.mkldnn.is_available(), reason="torch built without oneDNN")
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("rows", [1, 8, 37])
def test_packed_linear_computes_the_same_product_as_nn_linear(bias: bool, rows: int) -> None:
    torch.manual_seed(0)
    linear = torch.nn.Linear(96, 40, bias=bias)
    packed = PackedLinear(linear, batch_hint=8)
    x = torch.randn(2, rows, 96)
    with torch.inference_mode():
        assert torch.allclose(packed(x), linear(x), atol=1e-5)
        assert torch.allclose(packed(x[0]), linear(x[0]), atol=1e-5)


@pytest.mark.skipif(not torch.backends.mkldnn.is_available(), reason="torch built without oneDNN")
def test_pack_linears_swaps_every_fp32_linear_and_leaves_other_modules() -> None:
    model = torch.nn.Sequential(torch.nn.Embedding(10, 16), torch.nn.Linear(16, 16),
                                torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(16, 10)))
    assert can_pack(model)
    x = torch.tensor([[1, 2, 3]])
    with torch.inference_mode():
        before = model(x)
        assert pack_linears(model) == 2
        after = model(x)
    assert not any(type(m) is torch.nn.Linear for m in model.modules())
    assert isinstance(model[0], torch.nn.Embedding)
    assert torch.allclose(before, after, atol=1e-5)
    assert not can_pack(torch.nn.Linear(4, 4).to(torch.bfloat16))
