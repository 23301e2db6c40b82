"""The verifier: a digits classifier's class posterior on an image batch, computed in one call.

It is the objective of the diffusion scaffolds (confidence for the target class) and is cheap:
images are reduced to 8x8 grayscale first, so the cost does not grow with the model's image size.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np
import torch
import torch.nn.functional as F

from scaffold.loops.jit_trace import frozen_trace

DIGITS_SIZE = 8


class Verifier(Protocol):
    """Maps images (B, C, H, W) in [-1, 1] to log class probabilities (B, K)."""

    name: str

    def log_posterior(self, images: torch.Tensor) -> np.ndarray: ...


def to_digits_input(images: torch.Tensor) -> torch.Tensor:
    """Grayscale, area-resized to 8x8, clamped to [-1, 1]: what the digits classifier reads."""
    x = images.float()
    if x.shape[1] > 1:
        x = x.mean(dim=1, keepdim=True)
    if x.shape[-2:] != (DIGITS_SIZE, DIGITS_SIZE):
        x = F.adaptive_avg_pool2d(x, DIGITS_SIZE)
    return x.clamp(-1.0, 1.0)


class _Posterior(torch.nn.Module):
    """Images -> log class probabilities (float64): preprocessing, classifier and softmax."""

    def __init__(self, module: torch.nn.Module) -> None:
        super().__init__()
        self.module = module

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = to_digits_input(images).contiguous(memory_format=torch.channels_last)
        return torch.log_softmax(self.module(x).double(), dim=-1)


class TorchClassifierVerifier:
    """Any torch module that maps (B, 1, 8, 8) images in [-1, 1] to logits over the classes.

    The first call for each image shape (C, H, W) traces and freezes the whole computation
    (preprocessing, classifier, log-softmax) into one TorchScript function, which gives the
    same values (checked on the example) and runs as a single call that releases the GIL
    once. The diffusion loop runs the verifier at every step on one thread while the UNet runs
    on another; as a dozen eager ops, each op handed the GIL back and forth with the UNet
    thread. Only `DigitsCNN` is compiled: its forward branches on the input's shape alone,
    which the cache key fixes; any other module runs eagerly, since a trace would silently
    freeze a branch on values.
    """

    def __init__(
        self, module: torch.nn.Module, name: str = "digits-classifier", *, trace: bool = True
    ) -> None:
        """`trace=False` always runs the eager computation (the same values)."""
        # channels_last: the tiny convolutions run faster so (docs/benchmarks.md), and the
        # verifier runs at every denoising step.
        self.module = module.eval().requires_grad_(False).to(
            memory_format=torch.channels_last)  # type: ignore[call-overload]
        self.name, self.trace = name, trace
        self._eager = _Posterior(self.module).eval()
        self._compiled: dict[tuple[int, ...], Callable[[torch.Tensor], torch.Tensor]] = {}

    @torch.no_grad()
    def log_posterior(self, images: torch.Tensor) -> np.ndarray:
        shape = tuple(images.shape[1:])
        fn = self._compiled.get(shape)
        if fn is None:
            fn = self._compiled[shape] = self._compile(images)
        return fn(images).numpy()

    def _compile(self, images: torch.Tensor) -> Callable[[torch.Tensor], torch.Tensor]:
        from scaffold.models.digits_classifier import DigitsCNN

        if not self.trace or type(self.module) is not DigitsCNN:
            return self._eager
        example = images[:1].float().contiguous()
        try:
            traced = frozen_trace(self._eager, example)  # shape checks: keyed by shape
            probe = torch.cat([example, -example, example.flip(-1)])
            same = torch.equal(traced(probe), self._eager(probe))
        except Exception:  # if this torch cannot trace it, run it eagerly
            return self._eager
        return traced if same else self._eager


def eager_verifier(verifier: Verifier) -> Verifier:
    """The same verifier without traced code (speedups off): a `TorchClassifierVerifier` on the
    same module with `trace=False`; any other verifier as it is."""
    if isinstance(verifier, TorchClassifierVerifier):
        return TorchClassifierVerifier(verifier.module, verifier.name, trace=False)
    return verifier


def load_digits_verifier(path: Path | None = None) -> TorchClassifierVerifier:
    """The project's shipped digits classifier (weights from safetensors only)."""
    from scaffold.models.diffusers_backend import CLASSIFIER_PATH
    from scaffold.models.digits_classifier import load_digits_classifier

    return TorchClassifierVerifier(load_digits_classifier(path or CLASSIFIER_PATH))


def entropy(posterior: np.ndarray) -> np.ndarray:
    """Shannon entropy in nats of each row."""
    p = np.clip(posterior, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=-1)
