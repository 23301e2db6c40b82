"""`mesascope run --loop diffusion`: the run flags and `--set` keys as a `DiffusionConfig`, built
by the engine's `build_diffusion_loop` (scaffold.loops.diffusion_build)."""

from __future__ import annotations

from typing import Any

from scaffold.loops.base import Loop
from scaffold.loops.diffusion_config import DiffusionConfig
from scaffold.run.config import validate_config
from tui.commands.run import RunOptions, check_settings

FLAGS = ("scaffold", "digit_class", "steps", "guidance", "seed", "n", "samples", "model")
SETTINGS = tuple(sorted(set(DiffusionConfig.model_fields) - set(FLAGS)))


def diffusion_config(opts: RunOptions) -> DiffusionConfig:
    """The flags, then the `--set` keys; a bad value is one InputError line."""
    check_settings(opts, SETTINGS)
    values: dict[str, Any] = dict(opts.extra)
    values.update(
        scaffold=opts.scaffold or "denoise", digit_class=opts.digit_class, steps=opts.steps,
        guidance=opts.guidance, seed=opts.seed, n=opts.n, samples=opts.samples,
        model=opts.model,
    )
    if opts.scheduler:
        values["scheduler"] = opts.scheduler
    return validate_config(DiffusionConfig, values)  # type: ignore[no-any-return]


def build_diffusion_loop(opts: RunOptions) -> Loop:
    """The native loop for the embedded model or a mesascope UNet dir; else a pipeline loop.

    A `run` process runs this one loop (and its forks) until it exits, so the sampling thread
    count is set here for the rest of the process, as before; a command that drives the loop
    itself should hold `sampling_threads()` around the run instead.
    """
    from scaffold.loops.diffusion_build import build_diffusion_loop as build
    from scaffold.models.diffusers_backend import sampling_threads

    config = diffusion_config(opts)
    sampling_threads().__enter__()
    return build(config)
