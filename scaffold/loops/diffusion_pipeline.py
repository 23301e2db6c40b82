"""Step any local diffusers pipeline (DDPMPipeline, StableDiffusionPipeline, ...) as a loop.

The pipeline's own `__call__` runs in a worker thread in lockstep with the loop generator:
each denoising step is handed over from `callback_on_step_end` (which returns its kwargs
unchanged and sets `pipe._interrupt` to stop); pipelines without that hook hand over from the
scheduler. The scheduler's `step` is observed (not changed) to read x̂0 = pred_original_sample,
which latent pipelines decode with their VAE, or with an `AutoencoderTiny` when the directory
has one. `PipelineDenoiser` is this as a `Denoiser`, so the scaffolds are the native loop's
(`diffusion_search.py`): `denoise`, `best-of-n` and `zero-order` (the last one needs a pipeline
that accepts `latents`); `paths` and forks need a native model.
"""

from __future__ import annotations

import inspect
import queue
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from scaffold.errors import InputError
from scaffold.loops.diffusion_config import DiffusionConfig
from scaffold.loops.diffusion_denoiser import StepOutput
from scaffold.loops.diffusion_record import Track
from scaffold.loops.diffusion_search import DiffusionSearch
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.models.diffusers_backend import file_hash, make_scheduler
from scaffold.transcript.events import ModelInfo


@dataclass
class PipelineStep:
    """What one denoising step of the pipeline showed us."""

    index: int
    timestep: float
    before: torch.Tensor
    after: torch.Tensor
    x0_hat: torch.Tensor


class _Stop(Exception):
    """Raised inside the worker thread to end a pipeline without a step callback."""


class PipelineStepper:
    """Runs `pipe(**kwargs)` in a thread and yields its steps one at a time."""

    def __init__(self, pipe: Any, kwargs: dict[str, Any]) -> None:
        self.pipe, self.kwargs = pipe, dict(kwargs)
        self.has_callback = "callback_on_step_end" in inspect.signature(pipe.__call__).parameters
        self._out: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._in: queue.Queue[str] = queue.Queue()
        self._pending: PipelineStep | None = None
        self._index = 0

    def _handoff(self) -> bool:
        """Give the pending step to the loop; True when the loop wants the pipeline to stop."""
        self._out.put(("step", self._pending))
        return self._in.get() == "stop"

    def _observe_step(self, original: Any) -> Any:
        def step(model_output: Any, timestep: Any, sample: torch.Tensor, *args: Any, **kw: Any):
            want_dict = kw.pop("return_dict", True)
            out = original(model_output, timestep, sample, *args, return_dict=True, **kw)
            x0 = getattr(out, "pred_original_sample", None)
            self._pending = PipelineStep(
                self._index, float(timestep), sample.detach().clone(), out.prev_sample.detach(),
                (x0 if x0 is not None else out.prev_sample).detach(),
            )
            self._index += 1
            if not self.has_callback and self._handoff():
                raise _Stop
            return out if want_dict else (out.prev_sample, x0)

        return step

    def _callback(self, pipe: Any, i: int, t: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        if self._handoff():
            pipe._interrupt = True
        return kwargs

    def _run(self) -> None:
        try:
            kwargs = dict(self.kwargs)
            if self.has_callback:
                kwargs["callback_on_step_end"] = self._callback
            with torch.no_grad():
                self.pipe(**kwargs)
            self._out.put(("done", None))
        except _Stop:
            self._out.put(("done", None))
        except Exception as err:  # handed to the loop's thread, which re-raises it
            self._out.put(("error", err))

    def steps(self) -> Iterator[PipelineStep]:
        scheduler = self.pipe.scheduler
        original = scheduler.step
        scheduler.step = self._observe_step(original)
        worker = threading.Thread(target=self._run, daemon=True)
        worker.start()
        finished = False
        try:
            while True:
                kind, item = self._out.get()
                if kind == "error":
                    finished = True
                    raise item
                if kind == "done":
                    finished = True
                    return
                yield item
                self._in.put("go")
        finally:
            if not finished:
                self._in.put("stop")
                while self._out.get()[0] == "step":
                    self._in.put("stop")
            worker.join()
            scheduler.step = original


class PipelineDenoiser:
    """A diffusers pipeline as a `Denoiser`: every round is one whole call of the pipeline."""

    can_branch = False

    def __init__(self, pipe: Any, config: DiffusionConfig, decoder: Any | None) -> None:
        """`decoder` turns latents into images (the pipeline's VAE or a tiny autoencoder)."""
        self.pipe, self.decoder = pipe, decoder
        self.steps, self.guidance, self.eta = config.steps, config.guidance, config.eta
        self.prompt = config.prompt
        params = inspect.signature(pipe.__call__).parameters
        self.takes_noise = "latents" in params
        self.text = "prompt" in params
        self.takes_eta = "eta" in params
        if config.eta and not self.takes_eta:
            raise InputError(f"--set eta: {type(pipe).__name__} has no eta; leave it at 0")
        self.latent = getattr(pipe, "vae", None) is not None
        self.scheduler_name = type(pipe.scheduler).__name__
        self.nfe = 2 if self.text and (self.guidance or 7.5) > 1 else 1

    def _latent_shape(self) -> tuple[int, ...]:
        unet = self.pipe.unet
        size = unet.config.sample_size
        size = size if isinstance(size, int) else size[0]
        return (unet.config.in_channels, size, size)

    def initial_noise(self, generator: torch.Generator) -> torch.Tensor | None:
        """The initial latents when the pipeline takes them; else it draws its own."""
        if not self.takes_noise:
            return None
        return torch.randn(self._latent_shape(), generator=generator)

    def to_start(self, noise: torch.Tensor | None) -> torch.Tensor:
        """The pipeline scales its latents itself; without them there is nothing to hold."""
        return noise if noise is not None else torch.zeros(0)

    def _prompt(self, target: int) -> str:
        return self.prompt.format(c=target) if self.prompt else f"a handwritten digit {target}"

    def _call_kwargs(self, tracks: list[Track]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"num_inference_steps": self.steps, "return_dict": True}
        if self.text:
            kwargs["prompt"] = [self._prompt(t.target) for t in tracks]
            if self.guidance is not None:
                kwargs["guidance_scale"] = self.guidance
            kwargs["output_type"] = "latent"
        else:
            kwargs["batch_size"] = len(tracks)
            kwargs["output_type"] = "np"
        if self.takes_eta:
            kwargs["eta"] = self.eta
        if self.takes_noise:
            kwargs["latents"] = torch.stack([t.noise for t in tracks if t.noise is not None])
        kwargs["generator"] = [t.generator for t in tracks]
        return kwargs

    def run(self, tracks: list[Track], start: int, end: int) -> Generator[StepOutput, None, None]:
        """One call of the pipeline on all tracks, from noise to the end."""
        assert (start, end) == (0, self.steps), "a pipeline runs whole (checked at construction)"
        steps = PipelineStepper(self.pipe, self._call_kwargs(tracks)).steps()
        try:
            for ps in steps:
                yield StepOutput(
                    timestep=ps.timestep, prev=ps.after, x0_hat=ps.x0_hat,
                    nfe_per_item=self.nfe, sample=ps.before,
                )
        finally:
            steps.close()  # type: ignore[attr-defined]

    def decode(self, x: torch.Tensor) -> torch.Tensor:
        """Latents through the decoder, clamped to [-1, 1]; pixel samples as they are."""
        if not self.latent or self.decoder is None:
            return x
        scale = float(getattr(self.pipe.vae.config, "scaling_factor", 1.0))
        with torch.no_grad():
            return self.decoder.decode(x / scale).sample.clamp(-1, 1)

    def item_attrs(self, image_note: str, preview_note: str) -> dict[str, str]:
        """x_t may be a latent, and the preview a decoded image of another size and encoding."""
        return {"image_space": "latent" if self.latent else "pixel",
                "preview_encoding": preview_note}

    def renoise(
        self, x: torch.Tensor, position: int, back_to: int, generators: list[torch.Generator]
    ) -> torch.Tensor:
        raise InputError("a pipeline cannot re-noise mid-schedule; use a native UNet model")


class PipelineDiffusionLoop(DiffusionSearch):
    """A diffusers pipeline directory as a loop, with the digits verifier as objective."""

    def __init__(
        self,
        pipe: Any,
        verifier: Verifier,
        config: DiffusionConfig,
        root: Path,
        tiny_vae: Any | None = None,
    ) -> None:
        self.pipe, self.root = pipe, root
        trained = int(getattr(pipe.scheduler.config, "num_train_timesteps", 1000))
        if config.steps > trained:
            raise InputError(
                f"--steps: {config.steps} is more than the {trained} timesteps {root} was "
                "trained with"
            )
        if config.scheduler:
            pipe.scheduler = make_scheduler(config.scheduler, dict(pipe.scheduler.config))
        decoder = tiny_vae if tiny_vae is not None else getattr(pipe, "vae", None)
        super().__init__(
            lambda cfg: PipelineDenoiser(pipe, cfg, decoder), verifier, config, where=str(root)
        )
        weights = sorted(root.glob("*/*.safetensors")) + sorted(root.glob("*.safetensors"))
        latent = getattr(pipe, "vae", None) is not None
        self.header = self.make_header(
            model=ModelInfo(
                id=f"{type(pipe).__name__}:{root.name}",
                backend="diffusers-pipeline",
                file_hash=file_hash(weights[0]) if weights else None,
            ),
            objective=f"{self.verifier.name} on x̂0 reduced to 8x8 gray: log p(target class)",
            guidance=config.guidance,
            scheduler=type(pipe.scheduler).__name__,
            backend={
                "prompt": config.prompt,
                "pipeline": type(pipe).__name__,
                "previews": "tiny autoencoder" if tiny_vae is not None
                else ("pipeline VAE" if latent else "pixel space"),
            },
        )
