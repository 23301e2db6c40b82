"""A diffusion loop from its config: the model directory resolved, the verifier loaded, and the
native loop for a mesascope UNet directory, else the pipeline loop for a diffusers pipeline."""

from __future__ import annotations

from collections.abc import Callable

from scaffold.loops.base import Loop
from scaffold.loops.diffusion_config import DiffusionConfig

Progress = Callable[[str, float], None]
__all__ = ["DiffusionConfig", "build_diffusion_loop"]


def build_diffusion_loop(config: DiffusionConfig, progress: Progress | None = None) -> Loop:
    """The loop `config` describes; `progress` hears the loading stages (name, fraction done).

    Bad model files are one-line `InputError`s naming the file (scaffold.models). The loop's
    `run_context()` sets torch's thread count while a `LoopRunner` holds it.
    """
    from scaffold.loops.diffusion_verifier import load_digits_verifier
    from scaffold.models.diffusers_backend import is_pipeline_dir, resolve_model_dir

    report = progress or (lambda _stage, _fraction: None)
    root = resolve_model_dir(config.model)
    report("loading the verifier", 0.1)
    verifier = load_digits_verifier()
    report("loading the diffusion model", 0.3)
    if is_pipeline_dir(root):
        from scaffold.loops.diffusion_pipeline import PipelineDiffusionLoop
        from scaffold.models.diffusers_backend import load_pipeline, load_tiny_autoencoder

        pipe = load_pipeline(root)
        loop: Loop = PipelineDiffusionLoop(
            pipe, verifier, config, root, tiny_vae=load_tiny_autoencoder(root)
        )
    else:
        from scaffold.loops.diffusion import DiffusionLoop
        from scaffold.models.diffusers_backend import load_native_model

        loop = DiffusionLoop(load_native_model(root), verifier, config)
    report("ready", 1.0)
    return loop
