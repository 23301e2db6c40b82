"""Every setting of a diffusion run, flags and `--set` keys alike, validated in one place.

Bounds keep a typo from becoming an internal error or a process that grows until it is killed:
a search round denoises all its tracks (samples x candidates, x branches for `paths`) as one
batch, so their number is capped, as are steps (a scheduler has no more than its training
timesteps) and rounds.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from scaffold.run.config import LoopConfig

Scaffold = Literal["denoise", "best-of-n", "zero-order", "paths"]
Scheduler = Literal["ddpm", "ddim", "euler"]
SEARCHES = ("best-of-n", "zero-order", "paths")
MAX_STEPS = 1000
"""The training timesteps of the shipped model's scheduler (and of most diffusers models)."""
MAX_TRACKS = 1024
"""Tracks one round batches through the UNet: a full round of the shipped 8x8 model stays
within a few GB (a larger pipeline model may need fewer)."""


class DiffusionConfig(LoopConfig):
    """A diffusion run's settings; `None` means the model's recommendation."""

    scaffold: Scaffold = Field(
        "denoise",
        description="Search strategy: plain sampling, best of n noises, zero-order search "
        "around a pivot noise, or search over paths.",
    )
    digit_class: int | None = Field(
        None, ge=0, le=9,
        description="Target digit 0-9 (the verifier's classes); None: sample index mod 10.",
    )
    steps: int = Field(
        10, ge=1, le=MAX_STEPS,
        description="Denoising steps, at most 1000: a scheduler cannot have more steps than "
        "its training timesteps (the model's own count is checked when it loads).",
    )
    guidance: float | None = Field(
        None, ge=0.0, le=100.0,
        description="Classifier-free guidance weight, 0-100 (larger only scales the "
        "conditional difference into overflow); None: the model's default.",
    )
    n: int = Field(
        4, ge=1, le=256,
        description="Candidates per sample (noises, neighbours or kept paths), at most 256; "
        "a round batches all of them, see MAX_TRACKS.",
    )
    samples: int = Field(
        1, ge=1, le=MAX_TRACKS,
        description="Independent samples, each its own branch, at most 1024 (one batch).",
    )
    scheduler: Scheduler | None = Field(
        None, description="diffusers scheduler: ddpm, ddim or euler; None: the model's."
    )
    eta: float = Field(
        0.0, ge=0.0, le=1.0,
        description="DDIM eta: 0 is deterministic DDIM, 1 is DDPM-like noise; only 0-1 mean "
        "something.",
    )
    rounds: int = Field(
        3, ge=0, le=100,
        description="zero-order: perturbation rounds after the first, at most 100 (each "
        "round denoises every candidate again).",
    )
    perturbation: float = Field(
        0.5, ge=0.0, le=100.0,
        description="zero-order: weight of the fresh noise mixed into the pivot (0 keeps the "
        "pivot; large values approach fresh noise, so 100 is plenty).",
    )
    branches: int = Field(
        2, ge=1, le=16,
        description="paths: re-noised branches per kept path, at most 16 (n x branches "
        "tracks per sample per round).",
    )
    width: int | None = Field(
        None, ge=1, le=MAX_STEPS,
        description="paths: denoising steps between decisions (at least 2 are run); "
        "None: steps / 5.",
    )
    back: int | None = Field(
        None, ge=1, le=MAX_STEPS,
        description="paths: steps a kept path is re-noised back (fewer than width); "
        "None: width / 2.",
    )
    prompt: str | None = Field(
        None, max_length=1000,
        description="Text-conditioned pipelines: the prompt, '{c}' standing for the class; "
        "None: 'a handwritten digit {c}'.",
    )
    model: str | None = Field(
        None, max_length=4096,
        description="A local model directory (mesascope UNet or diffusers pipeline); None: "
        "the shipped digits model.",
    )
    speedups: bool = Field(
        True,
        description="Run the UNet ahead on its own thread, as a TorchScript trace, with the "
        "DDIM step and the verifier traced; False runs all of it eagerly inline (the reference: "
        "same values).",
    )

    @field_validator("scheduler", mode="before")
    @classmethod
    def _scheduler_name(cls, value: Any) -> Any:
        """'DDIM', 'DDIMScheduler' and 'EulerDiscreteScheduler' name ddim and euler too."""
        if isinstance(value, str):
            return value.lower().removesuffix("scheduler").removesuffix("discrete")
        return value

    @field_validator("prompt")
    @classmethod
    def _prompt_formats(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.format(c=0)
            except (IndexError, KeyError, AttributeError, ValueError):
                raise ValueError("use {c} for the class and no other {...} fields") from None
        return value

    @model_validator(mode="after")
    def _searchable(self) -> DiffusionConfig:
        """A search needs two candidates, and one round's batch must fit MAX_TRACKS."""
        choices = self.n * (self.branches if self.scaffold == "paths" else 1)
        if self.scaffold in SEARCHES and choices < 2:
            raise ValueError(f"n: {self.scaffold} needs at least two candidates to choose from")
        tracks = self.samples * (1 if self.scaffold == "denoise" else choices)
        if tracks > MAX_TRACKS:
            raise ValueError(
                f"samples x candidates: {tracks} tracks per round, at most {MAX_TRACKS} "
                "(one round is one batch in memory)"
            )
        return self

    def target(self, sample: int) -> int:
        """The digit a sample aims at: `digit_class`, else the sample index mod 10."""
        return self.digit_class if self.digit_class is not None else sample % 10
