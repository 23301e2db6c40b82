"""Packed linear layers compute the layer they replace: fp32 packing to summation order, fp16
weight storage to the fp16 rounding of the weights (activations and sums stay fp32)."""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.models.gemm_lanes import lanes_op, run_lanes
from scaffold.models.packed_linear import (
    Fp16WeightLinear,
    PackedLinear,
    best_pack_kind,
    fp16_weights_available,
    pack_linears,
)

shapes = st.tuples(
    st.integers(1, 9), st.integers(1, 70), st.integers(1, 70), st.booleans(), st.integers(0, 99)
)


def _layer(rows_in: int, rows_out: int, bias: bool, seed: int) -> torch.nn.Linear:
    torch.manual_seed(seed)
    return torch.nn.Linear(rows_in, rows_out, bias=bias)


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_fp16_weight_linear_is_the_layer_with_fp16_rounded_weights(shape: tuple) -> None:
    batch, n_in, n_out, bias, seed = shape
    layer = _layer(n_in, n_out, bias, seed)
    x = torch.randn(batch, 3, n_in)
    rounded = torch.nn.functional.linear(x, layer.weight.half().float(), layer.bias)
    with torch.no_grad():
        out = Fp16WeightLinear(layer)(x)
    assert out.shape == (batch, 3, n_out) and out.dtype == torch.float32
    assert torch.allclose(out, rounded, atol=1e-5, rtol=1e-4)


@settings(max_examples=30, deadline=None)
@given(shapes)
def test_onednn_packed_linear_is_the_same_layer(shape: tuple) -> None:
    batch, n_in, n_out, bias, seed = shape
    layer = _layer(n_in, n_out, bias, seed)
    x = torch.randn(batch, n_in)
    with torch.no_grad():
        assert torch.allclose(PackedLinear(layer, 8)(x), layer(x), atol=1e-5, rtol=1e-4)


def test_pack_linears_replaces_every_linear_and_keeps_the_module_output() -> None:
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    x = torch.randn(5, 16)
    with torch.no_grad():
        before = net(x)
        assert pack_linears(net, "fp16") == 2
        after = net(x)
    assert not any(type(m) is torch.nn.Linear for m in net.modules())
    assert torch.allclose(before, after, atol=1e-3)
    assert pack_linears(torch.nn.Sequential(torch.nn.Linear(2, 2)), "none") == 0


def test_kind_falls_back_for_models_that_cannot_be_packed() -> None:
    assert fp16_weights_available()  # the pinned torch ships fbgemm's fp16 GEMM
    assert best_pack_kind(torch.nn.Linear(2, 2), "fp16") == "fp16"
    assert best_pack_kind(torch.nn.Linear(2, 2).to(torch.bfloat16), "fp16") == "none"
    assert best_pack_kind(torch.nn.Linear(2, 2), "none") == "none"


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([(576, 576), (576, 1536), (1536, 576), (4096, 576), (960, 200)]),
       st.integers(1, 12), st.booleans(), st.integers(0, 99))
def test_a_layer_split_over_two_threads_gives_the_same_bits(
    shape: tuple[int, int], rows: int, bias: bool, seed: int
) -> None:
    n_out, n_in = shape
    layer = _layer(n_in, n_out, bias, seed)
    whole, split = Fp16WeightLinear(layer), Fp16WeightLinear(layer, split=True)
    assert len(whole.blocks) == 1
    assert len(split.blocks) == (2 if n_out * n_in >= 300_000 else 1)
    for x in (torch.randn(rows, n_in), torch.randn(1, rows, n_in)):  # a decode step, a prompt
        with torch.no_grad():
            assert torch.equal(split(x), whole(x))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 200), min_size=1, max_size=5), st.integers(0, 5),
       st.integers(1, 9), st.integers(0, 99))
def test_two_gemm_lanes_give_each_blocks_own_bits(
    widths: list[int], cut: int, rows: int, seed: int
) -> None:
    """Blocks of any widths, any split between the lanes, on two threads: each output is the
    block's own fbgemm call."""
    op = lanes_op()
    if op is None:
        return  # no compiler here: callers keep the helper-thread path
    cut = min(cut, len(widths))
    torch.manual_seed(seed)
    x = torch.randn(rows, 48)
    blocks = [(torch.fbgemm_pack_gemm_matrix_fp16(torch.randn(n, 48)), torch.randn(n))
              for n in widths]
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        got = run_lanes(op, x, blocks[:cut], blocks[cut:])
    finally:
        torch.set_num_threads(threads)
    want = [torch.fbgemm_linear_fp16_weight(x, p, b) for p, b in blocks]
    assert len(got) == len(want) and all(torch.equal(a, b) for a, b in zip(got, want, strict=True))
