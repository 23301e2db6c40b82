"""`mesascope run --loop diffusion`: build the diffusion loop from the run flags.

Scaffold-specific knobs come from `RunOptions.extra`: eta, rounds, perturbation (zero-order),
branches, width, back (paths), prompt (text-conditioned pipelines), scheduler, and
unet=traced|eager (how the native UNet is called; same values).
"""

from __future__ import annotations

from scaffold.errors import InputError
from scaffold.loops.base import Loop
from tui.commands.run import RunOptions, check_settings

_INT_EXTRAS = ("rounds", "branches", "width", "back")
_FLOAT_EXTRAS = ("eta", "perturbation")
SETTINGS = (*_INT_EXTRAS, *_FLOAT_EXTRAS, "scheduler", "prompt", "unet")
UNET_MODES = ("traced", "eager")


def _extras(opts: RunOptions) -> dict[str, int | float]:
    out: dict[str, int | float] = {}
    for key, value in opts.extra.items():
        try:
            if key in _INT_EXTRAS:
                out[key] = int(value)
            elif key in _FLOAT_EXTRAS:
                out[key] = float(value)
        except ValueError:
            raise InputError(f"--set {key}: expected a number, got {value!r}") from None
    return out


def build_diffusion_loop(opts: RunOptions) -> Loop:
    """The native loop for the embedded model or a mesascope UNet dir; else a pipeline loop."""
    from scaffold.loops.diffusion import DiffusionConfig
    from scaffold.loops.diffusion_verifier import load_digits_verifier
    from scaffold.models.diffusers_backend import (
        is_pipeline_dir,
        resolve_model_dir,
        torch_threads,
    )

    check_settings(opts, SETTINGS)
    unet = opts.extra.get("unet", "traced")
    if unet not in UNET_MODES:
        raise InputError(f"--set unet: expected traced or eager, got {unet!r}")
    torch_threads()
    config = DiffusionConfig(
        scaffold=opts.scaffold or "denoise",
        digit_class=opts.digit_class,
        steps=opts.steps,
        guidance=opts.guidance,
        seed=opts.seed,
        n=opts.n,
        samples=opts.samples,
        scheduler=opts.scheduler or opts.extra.get("scheduler"),
        **_extras(opts),  # type: ignore[arg-type]
    )
    config.check()
    root = resolve_model_dir(opts.model)
    verifier = load_digits_verifier()
    if is_pipeline_dir(root):
        from scaffold.loops.diffusion_pipeline import PipelineDiffusionLoop
        from scaffold.models.diffusers_backend import load_pipeline, load_tiny_autoencoder

        pipe = load_pipeline(root)
        prompt = opts.extra.get("prompt")
        return PipelineDiffusionLoop(
            pipe, verifier, config, root, tiny_vae=load_tiny_autoencoder(root), prompt=prompt
        )
    from scaffold.loops.diffusion import DiffusionLoop
    from scaffold.models.diffusers_backend import load_native_model

    return DiffusionLoop(load_native_model(root), verifier, config, trace_unet=unet == "traced")
