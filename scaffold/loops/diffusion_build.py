"""TEMPORARY bridge until the diffusion family's own typed config lands (replaced on merge)."""

from __future__ import annotations

from typing import Any

from scaffold.errors import InputError
from scaffold.loops.base import Loop
from scaffold.run.config import LoopConfig


class DiffusionConfig(LoopConfig):
    scaffold: str = "denoise"
    digit_class: int | None = None
    steps: int = 10
    guidance: float | None = None
    n: int = 4
    samples: int = 1
    scheduler: str | None = None
    eta: float | None = None
    rounds: int | None = None
    perturbation: float | None = None
    branches: int | None = None
    width: int | None = None
    back: int | None = None
    prompt: str | None = None
    model: str | None = None
    unet: str = "traced"


def build_diffusion_loop(config: DiffusionConfig, progress: Any = None) -> Loop:
    from scaffold.loops.diffusion import DiffusionConfig as Old
    from scaffold.loops.diffusion_verifier import load_digits_verifier
    from scaffold.models.diffusers_backend import is_pipeline_dir, resolve_model_dir, torch_threads

    if config.unet not in ("traced", "eager"):
        raise InputError(f"--set unet: expected traced or eager, got {config.unet!r}")
    torch_threads()
    extra = {k: v for k in ("eta", "rounds", "perturbation", "branches", "width", "back")
             if (v := getattr(config, k)) is not None}
    old = Old(scaffold=config.scaffold, digit_class=config.digit_class, steps=config.steps,
              guidance=config.guidance, seed=config.seed, n=config.n, samples=config.samples,
              scheduler=config.scheduler, **extra)
    old.check()
    root = resolve_model_dir(config.model)
    verifier = load_digits_verifier()
    if is_pipeline_dir(root):
        from scaffold.loops.diffusion_pipeline import PipelineDiffusionLoop
        from scaffold.models.diffusers_backend import load_pipeline, load_tiny_autoencoder

        return PipelineDiffusionLoop(load_pipeline(root), verifier, old, root,
                                     tiny_vae=load_tiny_autoencoder(root), prompt=config.prompt)
    from scaffold.loops.diffusion import DiffusionLoop
    from scaffold.models.diffusers_backend import load_native_model

    return DiffusionLoop(load_native_model(root), verifier, old,
                         trace_unet=config.unet == "traced")
