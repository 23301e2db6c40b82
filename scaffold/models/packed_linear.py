"""Linear layers with pre-packed weights for the CPU decode loop, in one of two kinds.

- `fp16`: weights stored in fp16 in fbgemm's packed layout, activations and accumulation fp32
  (`torch.fbgemm_linear_fp16_weight`). A decode step streams half the bytes, which makes it the
  fastest of the three kinds and keeps next-token KL from the fp32 model far below 1e-3 nats
  with the same top-1 (docs/benchmarks.md): the GGUF's Q4_1 weights are 4-bit values with fp16
  scales, so one more fp16 rounding is far below their own quantisation step.
- `fp32`: the same fp32 weights in oneDNN's blocked layout (as torch.compile's CPU freezing
  does); only the summation order differs from `nn.Linear` (logits within ~2e-3).

Either way outputs are deterministic on one machine but can differ in rare near-ties from the
unpacked model's. fbgemm's fp16 path is deprecated upstream; where the op is missing it falls
back to `fp32`.
"""

from __future__ import annotations

import functools
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import torch

from scaffold.models.gemm_lanes import lanes_op, run_lanes

PackKind = Literal["fp16", "fp32", "none"]
PACK_KINDS: tuple[PackKind, ...] = ("fp16", "fp32", "none")


class PackedLinear(torch.nn.Module):
    """A bias-optional fp32 `nn.Linear` whose weight lives in oneDNN's blocked layout."""

    def __init__(self, linear: torch.nn.Linear, batch_hint: int) -> None:
        super().__init__()
        self.in_features = linear.in_features
        self.out_features = linear.out_features
        weight = linear.weight.detach()
        packed = torch.ops.mkldnn._reorder_linear_weight(weight, batch_hint)
        self.register_buffer("packed_weight", packed, persistent=False)
        self.bias = linear.bias

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.ops.mkldnn._linear_pointwise(x, self.packed_weight, self.bias, "none", [], "")


class Fp16WeightLinear(torch.nn.Module):
    """An `nn.Linear` with fp16 weights packed for fbgemm; fp32 in, fp32 out.

    The packed matrix is an opaque handle (a uint8 tensor wrapping a pointer), so it is a plain
    attribute: not a buffer, never saved, moved or copied.

    fbgemm's fp16 GEMM gains little from torch's second thread (it splits the few rows, and
    each thread converts all the weights). With `split=True` a large layer is packed as two
    blocks of output columns, cut at a multiple of `SPLIT_ALIGN`, computed on two threads: by
    the compiled two-lane op (scaffold.models.gemm_lanes) where it builds, else the second
    block on a Python helper thread while the caller computes the first (torch releases the
    GIL inside the op). Each output column is the same dot product in the same order either
    way, so the outputs are bit for bit those of one block (tests).
    """

    def __init__(self, linear: torch.nn.Linear, split: bool = False) -> None:
        super().__init__()
        self.in_features = linear.in_features
        self.out_features = linear.out_features
        _fbgemm_fp16_check()
        weight = linear.weight.detach()
        bias = linear.bias
        self._bias = torch.zeros(self.out_features) if bias is None else bias.detach()
        cut = _split_at(self.out_features, self.in_features) if split else 0
        self.blocks: list[tuple[torch.Tensor, torch.Tensor]] = [
            (torch.fbgemm_pack_gemm_matrix_fp16(weight[a:b]), self._bias[a:b])
            for a, b in ((0, cut), (cut, self.out_features)) if b > a
        ]
        self._packed = self.blocks[0][0]
        self.lanes = lanes_op() if len(self.blocks) > 1 else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if len(self.blocks) == 1:
            return torch.fbgemm_linear_fp16_weight(x, self._packed, self._bias)
        if self.lanes is not None:
            return torch.cat(run_lanes(self.lanes, x, self.blocks[:1], self.blocks[1:]), dim=-1)
        (first, first_bias), (second, second_bias) = self.blocks
        pending = _helper().submit(torch.fbgemm_linear_fp16_weight, x, second, second_bias)
        try:
            left = torch.fbgemm_linear_fp16_weight(x, first, first_bias)
        finally:
            right = pending.result()
        return torch.cat((left, right), dim=-1)


SPLIT_ALIGN = 64
"""Column cuts at multiples of this keep fbgemm's fp16 outputs bit-identical (its kernels
block output columns by 16 or 32 per register tile)."""
SPLIT_MIN_WEIGHTS = 300_000
"""Smaller layers stay one block: the handover to the helper thread costs more than half of
their product saves."""


def _split_at(out_features: int, in_features: int) -> int:
    """Where to cut a layer's output columns in two, or 0 to keep it whole."""
    if out_features * in_features < SPLIT_MIN_WEIGHTS:
        return 0
    cut = (out_features // 2 + SPLIT_ALIGN // 2) // SPLIT_ALIGN * SPLIT_ALIGN
    return cut if 0 < cut < out_features else 0


@functools.cache
def _helper() -> ThreadPoolExecutor:
    """The one helper thread that computes second column blocks."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="mesascope-gemm")


@functools.cache
def _fbgemm_fp16_check() -> None:
    """Run fbgemm's fp16 GEMM once on a tiny matrix with its one-time "deprecated" notice
    silenced (torch warns once per process; on a live screen a stray warning is garbage)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        packed = torch.fbgemm_pack_gemm_matrix_fp16(torch.ones(4, 8))
        torch.fbgemm_linear_fp16_weight(torch.ones(1, 8), packed, torch.zeros(4))


def fp16_weights_available() -> bool:
    """True when this torch build runs fbgemm's fp16-weight GEMM."""
    try:
        _fbgemm_fp16_check()
    except (AttributeError, RuntimeError):
        return False
    return True


def can_pack(model: Any) -> bool:
    """True for an fp32 model on CPU when this torch build has oneDNN."""
    first = next(model.parameters(), None)
    return (
        first is not None
        and first.dtype == torch.float32
        and first.device.type == "cpu"
        and torch.backends.mkldnn.is_available()
    )


def pack_linears(model: torch.nn.Module, kind: PackKind = "fp32", batch_hint: int = 8,
                 split: bool = False) -> int:
    """Replace every `nn.Linear` of `model` by a packed one of `kind`, in place; returns how many.

    A tied output layer gets its own packed copy; the embedding keeps the original weight.
    Layers pack on two threads (torch releases the GIL), which halves fbgemm's fp16 packing
    time for SmolLM2-135M (docs/benchmarks.md). `split`: fp16 layers compute their output
    columns on two threads (Fp16WeightLinear), for runs given two or more threads.
    """
    if kind == "none":
        return 0
    slots = [
        (module, name, child)
        for module in model.modules()
        for name, child in module.named_children()
        if type(child) is torch.nn.Linear
    ]

    def pack(child: torch.nn.Linear) -> torch.nn.Module:
        if kind == "fp16":
            return Fp16WeightLinear(child, split)
        return PackedLinear(child, batch_hint)

    if kind == "fp16":
        _fbgemm_fp16_check()  # once, before the threads
        if split:
            lanes_op()  # built (or found missing) once, before the threads
    with ThreadPoolExecutor(max_workers=2) as pool:
        packed = list(pool.map(pack, [child for _, _, child in slots]))
    for (module, name, _), layer in zip(slots, packed, strict=True):
        setattr(module, name, layer)
    return len(slots)


def best_pack_kind(model: Any, wanted: PackKind) -> PackKind:
    """`wanted` where this model and torch build allow it, else the next best kind."""
    if wanted == "none" or not can_pack(model):
        return "none"
    if wanted == "fp16" and not fp16_weights_available():
        return "fp32"
    return wanted


def linear_weight_bytes(model: torch.nn.Module) -> int:
    """Bytes of linear weights one decode step streams, as each linear stores them.

    Every step reads each weight once whatever the batch, so at small batches this, over the
    memory bandwidth, bounds the steps per second (benchmarks/roofline.py).
    """
    total = 0
    for module in model.modules():
        if isinstance(module, Fp16WeightLinear):
            total += module.in_features * module.out_features * 2
        elif isinstance(module, PackedLinear):
            total += module.in_features * module.out_features * 4
        elif type(module) is torch.nn.Linear:
            total += module.weight.numel() * module.weight.element_size()
    return total
