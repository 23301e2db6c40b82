"""One batched denoising step of a native UNet2DModel with a diffusers scheduler.

A *position* p in 0..T names the sample before denoising step p: p = 0 is pure noise, p = T is
x_0. A `Segment` runs a batch from one position to a later one with a fresh scheduler, so the
scaffolds can start, stop and re-noise anywhere on the schedule.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import torch

from scaffold.loops.diffusion_unet import unet_call
from scaffold.models.diffusers_backend import NativeDiffusionModel, make_scheduler


@dataclass(frozen=True)
class StepOutput:
    """A batch after one step: the new sample and the model's x̂0 at the old one."""

    timestep: float
    prev: torch.Tensor
    x0_hat: torch.Tensor
    nfe_per_item: int


class NativeDenoiser:
    """Classifier-free guided sampling with a scheduler from diffusers (never hand-written)."""

    def __init__(
        self,
        model: NativeDiffusionModel,
        scheduler: str,
        steps: int,
        guidance: float,
        eta: float = 0.0,
        trace_unet: bool = True,
    ) -> None:
        """`trace_unet`: run the UNet as a TorchScript trace per input signature
        (scaffold.loops.diffusion_unet; same values, checked), else eagerly."""
        self.model, self.scheduler_name, self.steps = model, scheduler, steps
        self.guidance, self.eta = guidance, eta
        self.unet_call = unet_call(model.unet, trace=trace_unet)
        reference = self.new_scheduler()
        self.timesteps = [float(t) for t in reference.timesteps]
        self.init_noise_sigma = float(reference.init_noise_sigma)
        self._reference = reference

    def new_scheduler(self) -> Any:
        scheduler = make_scheduler(self.scheduler_name, self.model.scheduler_config)
        scheduler.set_timesteps(self.steps)
        return scheduler

    def fresh_scheduler(self) -> Any:
        """A copy of the reference scheduler with its timesteps set: the same as
        `new_scheduler()`, without building it from the config again (~5 ms each)."""
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

    def to_start(self, noise: torch.Tensor) -> torch.Tensor:
        return noise * self.init_noise_sigma

    def segment(self, start: int) -> Segment:
        return Segment(self, start)

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
        kwargs: dict[str, Any] = {"generator": generators, "return_dict": True}
        if d.scheduler_name == "ddim":
            kwargs["eta"] = d.eta
        out = sched.step(output, t, x, **kwargs)
        self.position += 1
        return StepOutput(
            timestep=float(t),
            prev=out.prev_sample,
            x0_hat=out.pred_original_sample,
            nfe_per_item=2 if d.uses_guidance else 1,
        )
