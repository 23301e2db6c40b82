"""The native `Denoiser`: a UNet2DModel and a diffusers scheduler, stepped by the loop itself.

A `Segment` runs a batch from one position to a later one with a fresh scheduler, so the
scaffolds can start, stop and re-noise anywhere on the schedule. With `speedups` the UNet runs
ahead on its own thread (`diffusion_ahead.py`) as a TorchScript trace (`diffusion_unet.py`),
and a DDIM step without noise as a trace per position (`diffusion_step_trace.py`); without,
eagerly and inline: the reference, with the same values.
"""

from __future__ import annotations

import copy
from collections.abc import Generator
from typing import Any

import torch

from scaffold.loops.diffusion_ahead import InlineSteps, StepsAhead
from scaffold.loops.diffusion_denoiser import StepOutput
from scaffold.loops.diffusion_record import Track
from scaffold.loops.diffusion_step_trace import StepTraces, step_traces, traceable
from scaffold.loops.diffusion_unet import unet_call
from scaffold.models.diffusers_backend import NativeDiffusionModel, make_scheduler

NO_ATTRS: dict[str, str] = {}


class NativeDenoiser:
    """Classifier-free guided sampling with a scheduler from diffusers (never hand-written)."""

    can_branch = True
    takes_noise = True

    def __init__(
        self,
        model: NativeDiffusionModel,
        *,
        scheduler: str,
        steps: int,
        guidance: float,
        eta: float = 0.0,
        speedups: bool = True,
    ) -> None:
        """`speedups`: the UNet as a TorchScript trace per input signature, run ahead on its
        own thread; else eager and inline (same values, checked by the tests)."""
        self.model, self.scheduler_name, self.steps = model, scheduler, steps
        self.guidance, self.eta, self.speedups = guidance, eta, speedups
        self.unet_call = unet_call(model.unet, trace=speedups)
        reference = self.new_scheduler()
        self.timesteps = [float(t) for t in reference.timesteps]
        self.init_noise_sigma = float(reference.init_noise_sigma)
        self._reference = reference
        self.step_traces: StepTraces | None = (
            step_traces(model.unet, scheduler) if speedups and traceable(reference, eta) else None
        )

    def new_scheduler(self) -> Any:
        scheduler = make_scheduler(self.scheduler_name, self.model.scheduler_config)
        scheduler.set_timesteps(self.steps)
        return scheduler

    def fresh_scheduler(self) -> Any:
        """A copy of the reference scheduler with its timesteps set: the same as
        `new_scheduler()`, without building it from the config again (which is slower)."""
        return copy.deepcopy(self._reference)

    @property
    def shape(self) -> tuple[int, int, int]:
        size = self.model.image_size
        return (self.model.channels, size, size)

    @property
    def uses_guidance(self) -> bool:
        return self.model.conditional and self.guidance != 1.0

    def initial_noise(self, generator: torch.Generator) -> torch.Tensor:
        """Unit Gaussian noise for one item; scale with `to_start` before the first step."""
        return torch.randn(self.shape, generator=generator)

    def to_start(self, noise: torch.Tensor | None) -> torch.Tensor:
        assert noise is not None, "initial_noise always gives the native denoiser a noise"
        return noise * self.init_noise_sigma

    def segment(self, start: int) -> Segment:
        return Segment(self, start)

    def run(self, tracks: list[Track], start: int, end: int) -> Generator[StepOutput, None, None]:
        """All tracks as one batch, one UNet call per position (with `speedups`, computed on
        a thread that runs ahead of the consumer; closing this iterator stops it)."""
        segment = self.segment(start)
        labels = torch.tensor([t.target for t in tracks]) if self.model.conditional else None
        gens = [t.generator for t in tracks]
        x = torch.stack([t.x for t in tracks])
        steps = (StepsAhead if self.speedups else InlineSteps)(
            lambda batch: segment.step(batch, labels, gens), x, end - start
        )
        try:
            for _ in range(start, end):
                yield steps.get()
        finally:
            steps.close()

    def decode(self, x: torch.Tensor) -> torch.Tensor:
        """The UNet works on pixels: its samples are the images."""
        return x

    def item_attrs(self, image_note: str, preview_note: str) -> dict[str, str]:
        """Nothing beyond the payload notes: x_t and x̂0 are pixel images of one shape."""
        return NO_ATTRS

    def renoise(
        self, x: torch.Tensor, position: int, back_to: int, generators: list[torch.Generator]
    ) -> torch.Tensor:
        """Move samples at `position` back to the noisier `back_to` by the forward process."""
        if back_to >= position:
            return x
        noise = torch.stack([torch.randn(x.shape[1:], generator=g) for g in generators])
        sched = self._reference
        if hasattr(sched, "sigmas") and self.scheduler_name == "euler":
            hi = float(sched.sigmas[back_to])
            lo = float(sched.sigmas[position]) if position < self.steps else 0.0
            return x + (hi**2 - lo**2) ** 0.5 * noise
        alphas = sched.alphas_cumprod
        hi_a = float(alphas[int(self.timesteps[back_to])])
        lo_a = float(alphas[int(self.timesteps[position])]) if position < self.steps else 1.0
        ratio = hi_a / lo_a
        return ratio**0.5 * x + (1.0 - ratio) ** 0.5 * noise

    def eps_or_output(
        self, sample: torch.Tensor, timestep: Any, labels: torch.Tensor | None
    ) -> torch.Tensor:
        """The UNet's output with classifier-free guidance (two evaluations per item)."""
        if not self.model.conditional or labels is None:
            return self.unet_call(sample, timestep)
        return self.unet_call(
            sample, timestep, labels, guidance=self.guidance if self.uses_guidance else None,
            null_class=int(self.model.null_class or 0),
        )


class Segment:
    """A fresh scheduler that steps a batch forward from `start`, one position at a time."""

    def __init__(self, denoiser: NativeDenoiser, start: int) -> None:
        self.denoiser = denoiser
        self.position = start
        self.scheduler = denoiser.fresh_scheduler()
        if hasattr(self.scheduler, "set_begin_index"):
            self.scheduler.set_begin_index(start)

    @torch.no_grad()
    def step(
        self,
        x: torch.Tensor,
        labels: torch.Tensor | None,
        generators: list[torch.Generator],
    ) -> StepOutput:
        d, sched = self.denoiser, self.scheduler
        t = sched.timesteps[self.position]
        model_in = sched.scale_model_input(x, t)
        output = d.eps_or_output(model_in, t, labels)
        if d.step_traces is not None:
            prev, x0_hat = d.step_traces.step(sched, self.position, output, x)
        else:
            kwargs: dict[str, Any] = {"generator": generators, "return_dict": True}
            if d.scheduler_name == "ddim":
                kwargs["eta"] = d.eta
            out = sched.step(output, t, x, **kwargs)
            prev, x0_hat = out.prev_sample, out.pred_original_sample
        self.position += 1
        return StepOutput(
            timestep=d.timesteps[self.position - 1],
            prev=prev,
            x0_hat=x0_hat,
            nfe_per_item=2 if d.uses_guidance else 1,
            sample=x,
        )
