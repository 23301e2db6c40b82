"""What a diffusion backend gives the search strategies: batched denoising steps, one at a time.

Two backends implement `Denoiser`: the native one drives a `UNet2DModel` and a diffusers
scheduler itself (`diffusion_native.py`); the pipeline one steps any local diffusers pipeline
through its own call (`diffusion_pipeline.py`). The strategies, the rounds and the events they
record are written once against this protocol (`diffusion_search.py`, `diffusion_rounds.py`).

A *position* p in 0..steps names the sample before denoising step p: 0 is pure noise, `steps`
is x_0.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Protocol

import torch

from scaffold.loops.diffusion_record import Track


@dataclass(frozen=True)
class StepOutput:
    """A batch after one step: the sample it started from, the new sample, and the model's
    x̂0 at the old one (all in the model's space: pixels, or latents)."""

    timestep: float
    prev: torch.Tensor
    x0_hat: torch.Tensor
    nfe_per_item: int
    sample: torch.Tensor


class Denoiser(Protocol):
    """A diffusion model and scheduler that denoise batches of tracks."""

    steps: int
    """Denoising steps of a whole run."""
    scheduler_name: str
    can_branch: bool
    """Whether it starts mid-schedule and re-noises (the `paths` scaffold and forks)."""
    takes_noise: bool
    """Whether it starts from given initial noises (the `zero-order` scaffold)."""

    def initial_noise(self, generator: torch.Generator) -> torch.Tensor | None:
        """One item's unit Gaussian noise, or None when the backend draws its own."""
        ...

    def to_start(self, noise: torch.Tensor | None) -> torch.Tensor:
        """The sample at position 0 for this noise."""
        ...

    def run(self, tracks: list[Track], start: int, end: int) -> Generator[StepOutput, None, None]:
        """The batch of `tracks` stepped from `start` to `end`, one output per position;
        closing the iterator early stops the work."""
        ...

    def decode(self, x: torch.Tensor) -> torch.Tensor:
        """Model-space samples as the images the verifier reads and previews show."""
        ...

    def item_attrs(self, image_note: str, preview_note: str) -> dict[str, str]:
        """What a denoising state records about this backend's images, beyond their payloads."""
        ...

    def renoise(
        self, x: torch.Tensor, position: int, back_to: int, generators: list[torch.Generator]
    ) -> torch.Tensor:
        """Samples at `position` moved back to the noisier `back_to` (only if `can_branch`)."""
        ...
