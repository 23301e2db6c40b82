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
    """

    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        self.in_features = linear.in_features
        self.out_features = linear.out_features
        _fbgemm_fp16_check()
        self._packed = torch.fbgemm_pack_gemm_matrix_fp16(linear.weight.detach())
        bias = linear.bias
        self._bias = torch.zeros(self.out_features) if bias is None else bias.detach()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.fbgemm_linear_fp16_weight(x, self._packed, self._bias)


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


def pack_linears(model: torch.nn.Module, kind: PackKind = "fp32", batch_hint: int = 8) -> int:
    """Replace every `nn.Linear` of `model` by a packed one of `kind`, in place; returns how many.

    A tied output layer gets its own packed copy; the embedding keeps the original weight.
    Layers pack on two threads (torch releases the GIL), which halves fbgemm's fp16 packing
    time for SmolLM2-135M (docs/benchmarks.md).
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
        return Fp16WeightLinear(child) if kind == "fp16" else PackedLinear(child, batch_hint)

    if kind == "fp16":
        _fbgemm_fp16_check()  # once, before the threads
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
