"""The native denoiser's UNet call, traced per input signature into one TorchScript call.

A digits UNet on 8x8 images does little arithmetic per call, so eager diffusers code is mostly
Python: module dispatch, timestep embedding, reshapes. Traced and frozen, the same operations
run as one faster call that releases the GIL, with bit-identical outputs. The loop runs the
UNet on its own thread while the recording's Python (verifier, payloads, events) runs on the
other, so a GIL-free UNet is also what keeps recording from slowing sampling
(docs/benchmarks.md has the timings). `speedups=False` in the config runs it eagerly.

Each signature (shapes and dtypes of the sample, timestep and labels) is traced once, on its
first call. That call returns the eager result; the trace is kept only if it gives exactly
the same values on those inputs, otherwise (or if this torch cannot trace it) the UNet runs
eagerly. Only diffusers' `UNet2DModel` is traced: its forward branches on its config and on
input shapes and dtypes, which the cache key fixes, never on values.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import torch

from scaffold.loops.jit_trace import frozen_trace

Signature = tuple[Any, ...]
UNetFn = Callable[..., torch.Tensor]


class _Forward(torch.nn.Module):
    """The UNet's output for a batch, with classifier-free guidance when `guidance` is set:
    `uncond + w * (cond - uncond)` from one call on the batch twice (labels, then null)."""

    def __init__(self, unet: torch.nn.Module, guidance: float | None, null_class: int) -> None:
        super().__init__()
        self.unet, self.guidance, self.null_class = unet, guidance, null_class

    def forward(
        self, sample: torch.Tensor, timestep: torch.Tensor, *labels: torch.Tensor
    ) -> torch.Tensor:
        class_labels = labels[0] if labels else None
        if class_labels is None or self.guidance is None:
            return self.unet(sample, timestep, class_labels=class_labels, return_dict=False)[0]
        null = torch.full_like(class_labels, self.null_class)
        both = self.unet(
            torch.cat([sample, sample]), timestep, class_labels=torch.cat([class_labels, null]),
            return_dict=False,
        )[0]
        cond, uncond = both.chunk(2)
        return uncond + self.guidance * (cond - uncond)


class UNetCall:
    """`call(sample, timestep, labels, guidance=w)` -> the (guided) UNet output, traced where
    it is safe. Guidance is part of the traced call: fewer torch calls, each of which hands
    the GIL back and forth with the recording thread."""

    def __init__(self, unet: torch.nn.Module, *, trace: bool = True) -> None:
        self.unet = unet
        self.trace = trace and _traceable(unet)
        self._fns: dict[Signature, UNetFn | None] = {}  # None: this signature runs eagerly
        self._eager: dict[tuple[float | None, int], _Forward] = {}

    def __call__(
        self,
        sample: torch.Tensor,
        timestep: Any,
        labels: torch.Tensor | None = None,
        *,
        guidance: float | None = None,
        null_class: int = 0,
    ) -> torch.Tensor:
        forward = self._forward(guidance, null_class)
        args = (sample, timestep) if labels is None else (sample, timestep, labels)
        if not self.trace or not isinstance(timestep, torch.Tensor):
            return forward(*args)
        key = (_signature(sample, timestep, labels), guidance, null_class)
        if key in self._fns:
            fn = self._fns[key]
            return fn(*args) if fn else forward(*args)
        expected = forward(*args)
        self._fns[key] = _traced(forward, args, expected)
        return expected

    @property
    def traced_signatures(self) -> int:
        return sum(fn is not None for fn in self._fns.values())

    def _forward(self, guidance: float | None, null_class: int) -> _Forward:
        key = (guidance, null_class)
        forward = self._eager.get(key)
        if forward is None:
            forward = self._eager[key] = _Forward(self.unet, *key).eval()
        return forward


_SHARED: weakref.WeakKeyDictionary[torch.nn.Module, UNetCall] = weakref.WeakKeyDictionary()


def unet_call(unet: torch.nn.Module, *, trace: bool = True) -> UNetCall:
    """The one `UNetCall` of this UNet (traces are kept for the process: every segment, round
    and fork of every loop on this model reuses them); `trace=False` gives an eager one."""
    if not trace:
        return UNetCall(unet, trace=False)
    call = _SHARED.get(unet)
    if call is None:
        call = _SHARED[unet] = UNetCall(unet)
    return call


def _traceable(unet: torch.nn.Module) -> bool:
    from diffusers import UNet2DModel

    return type(unet) is UNet2DModel


def _signature(
    sample: torch.Tensor, timestep: torch.Tensor, labels: torch.Tensor | None
) -> tuple[object, ...]:
    label_key = None if labels is None else (tuple(labels.shape), labels.dtype)
    return (tuple(sample.shape), sample.dtype, tuple(timestep.shape), timestep.dtype, label_key)


def _traced(
    forward: _Forward, args: tuple[torch.Tensor, ...], expected: torch.Tensor
) -> UNetFn | None:
    """A frozen trace for this signature if it reproduces `expected` exactly, else None."""
    try:
        module = frozen_trace(forward, args)  # shape checks become constants: keyed by shape
        with torch.no_grad():
            for _ in range(2):  # the profiling executor optimises on the second run
                same = torch.equal(module(*args), expected)
    except Exception:  # this torch or this UNet cannot be traced: run it eagerly
        return None
    return module if same else None
