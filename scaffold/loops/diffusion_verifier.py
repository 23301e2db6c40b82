"""The verifier: a digits classifier's class posterior on an image batch, computed in one call.

It is the objective of the diffusion scaffolds (confidence for the target class) and is cheap:
images are reduced to 8x8 grayscale first, so the cost does not grow with the model's image size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
import torch
import torch.nn.functional as F

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


class TorchClassifierVerifier:
    """Any torch module that maps (B, 1, 8, 8) images in [-1, 1] to logits over the classes."""

    def __init__(self, module: torch.nn.Module, name: str = "digits-classifier") -> None:
        # channels_last: the tiny convolutions run ~25% faster (0.72 -> 0.54 ms for 8 images
        # on one thread), and the verifier runs at every denoising step.
        self.module = module.eval().requires_grad_(False).to(memory_format=torch.channels_last)
        self.name = name

    @torch.no_grad()
    def log_posterior(self, images: torch.Tensor) -> np.ndarray:
        x = to_digits_input(images).contiguous(memory_format=torch.channels_last)
        logits = self.module(x)
        return torch.log_softmax(logits.double(), dim=-1).numpy()


def load_digits_verifier(path: Path | None = None) -> TorchClassifierVerifier:
    """The project's shipped digits classifier (weights from safetensors only)."""
    from scaffold.models.diffusers_backend import CLASSIFIER_PATH
    from scaffold.models.digits_classifier import load_digits_classifier

    return TorchClassifierVerifier(load_digits_classifier(path or CLASSIFIER_PATH))


def entropy(posterior: np.ndarray) -> np.ndarray:
    """Shannon entropy in nats of each row."""
    p = np.clip(posterior, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=-1)
