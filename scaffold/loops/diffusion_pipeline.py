"""Step any local diffusers pipeline (DDPMPipeline, StableDiffusionPipeline, ...) as a loop.

The pipeline's own `__call__` runs in a worker thread in lockstep with the loop generator:
each denoising step is handed over from `callback_on_step_end` (which returns its kwargs
unchanged and sets `pipe._interrupt` to stop); pipelines without that hook hand over from the
scheduler. The scheduler's `step` is observed (not changed) to read x̂0 = pred_original_sample,
which latent pipelines decode with their VAE, or with an `AutoencoderTiny` when the directory
has one. Scaffolds here: `denoise`, `best-of-n` and `zero-order` (the last one needs a pipeline
that accepts `latents`); `paths` and forks need a native model.
"""

from __future__ import annotations

import inspect
import math
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion import VERIFIER_CLASSES, DiffusionConfig
from scaffold.loops.diffusion_record import Track, image_payload, posterior_attrs
from scaffold.loops.diffusion_rounds import decide, seeded_generator
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.models.diffusers_backend import file_hash, make_scheduler
from scaffold.transcript.events import (
    HeaderEvent,
    MetricsEvent,
    ModelInfo,
    StateEvent,
    TaskInfo,
)
from scaffold.transcript.steps import StepView


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


class PipelineDiffusionLoop:
    """A diffusers pipeline directory as a loop, with the digits verifier as objective."""

    def __init__(
        self,
        pipe: Any,
        verifier: Verifier,
        config: DiffusionConfig,
        root: Path,
        tiny_vae: Any | None = None,
        prompt: str | None = None,
    ) -> None:
        config.check()
        if config.scaffold == "paths":
            raise InputError(f"{root}: --scaffold paths needs a native UNet model, not a pipeline")
        self.pipe, self.verifier, self.config, self.root = pipe, verifier, config, root
        self.decoder = tiny_vae if tiny_vae is not None else getattr(pipe, "vae", None)
        self.latent = getattr(pipe, "vae", None) is not None
        self.takes_latents = "latents" in inspect.signature(pipe.__call__).parameters
        if config.scaffold == "zero-order" and not self.takes_latents:
            raise InputError(f"{root}: zero-order needs a pipeline that accepts initial latents")
        self.text = "prompt" in inspect.signature(pipe.__call__).parameters
        self.prompt = prompt
        if config.scheduler:
            pipe.scheduler = make_scheduler(config.scheduler, dict(pipe.scheduler.config))
        self.scheduler_name = type(pipe.scheduler).__name__
        weights = sorted(root.glob("*/*.safetensors")) + sorted(root.glob("*.safetensors"))
        self.header = HeaderEvent(
            tool_version=__version__,
            loop="diffusion",
            scaffold=config.scaffold,
            model=ModelInfo(
                id=f"{type(pipe).__name__}:{root.name}",
                backend="diffusers-pipeline",
                file_hash=file_hash(weights[0]) if weights else None,
            ),
            task=TaskInfo(
                name="digit-class",
                instance=f"class {config.digit_class}" if config.digit_class is not None
                else "class = sample index mod 10",
                objective=f"{verifier.name} on x̂0 reduced to 8x8 gray: log p(target class)",
            ),
            seed=config.seed,
            config={
                "class": config.digit_class, "steps": config.steps, "guidance": config.guidance,
                "seed": config.seed, "n": config.n, "samples": config.samples,
                "scheduler": self.scheduler_name, "rounds": config.rounds,
                "perturbation": config.perturbation, "prompt": prompt,
                "pipeline": type(pipe).__name__, "verifier": verifier.name,
                "previews": "tiny autoencoder" if tiny_vae is not None
                else ("pipeline VAE" if self.latent else "pixel space"),
            },
        )

    def target(self, sample: int) -> int:
        c = self.config.digit_class
        return c if c is not None else sample % VERIFIER_CLASSES

    def _prompt(self, target: int) -> str:
        return self.prompt.format(c=target) if self.prompt else f"a handwritten digit {target}"

    def _decode(self, x: torch.Tensor) -> torch.Tensor:
        if not self.latent or self.decoder is None:
            return x
        scale = float(getattr(self.pipe.vae.config, "scaling_factor", 1.0))
        with torch.no_grad():
            return self.decoder.decode(x / scale).sample.clamp(-1, 1)

    def _latent_shape(self) -> tuple[int, ...]:
        unet = self.pipe.unet
        size = unet.config.sample_size
        size = size if isinstance(size, int) else size[0]
        return (unet.config.in_channels, size, size)

    def _fresh(self, sample: int, round_no: int, j: int) -> Track:
        gen, seed = seeded_generator(self.config.seed, sample, round_no, j)
        noise = torch.randn(self._latent_shape(), generator=gen) if self.takes_latents else None
        return Track(
            sample=sample, target=self.target(sample), candidate=f"s{sample}.r{round_no}.c{j}",
            x=noise if noise is not None else torch.zeros(1), generator=gen, noise_seed=seed,
            noise=noise,
        )

    def _call_kwargs(self, tracks: list[Track]) -> dict[str, Any]:
        cfg = self.config
        kwargs: dict[str, Any] = {"num_inference_steps": cfg.steps, "return_dict": True}
        gens = [t.generator for t in tracks]
        if self.text:
            kwargs["prompt"] = [self._prompt(t.target) for t in tracks]
            if cfg.guidance is not None:
                kwargs["guidance_scale"] = cfg.guidance
            kwargs["output_type"] = "latent"
        else:
            kwargs["batch_size"] = len(tracks)
            kwargs["output_type"] = "np"
        if self.takes_latents:
            kwargs["latents"] = torch.stack([t.noise for t in tracks if t.noise is not None])
        kwargs["generator"] = gens
        return kwargs

    def _round(self, tracks: list[Track], ids: StepIds, round_no: int, final: bool):
        stepper = PipelineStepper(self.pipe, self._call_kwargs(tracks))
        nfe = 2 if self.text and (self.config.guidance or 7.5) > 1 else 1
        t0 = time.perf_counter()
        for ps in stepper.steps():
            decoded = self._decode(ps.x0_hat)
            log_post = self.verifier.log_posterior(decoded)
            delta = (ps.after - ps.before).flatten(1).norm(dim=1)
            wall = (time.perf_counter() - t0) / len(tracks)
            last = ps.index == self.config.steps - 1
            for i, track in enumerate(tracks):
                step = ids.take()
                image, note = image_payload(ps.after[i])
                preview, pnote = image_payload(decoded[i])
                track.x, track.x0_hat, track.log_posterior = ps.after[i], decoded[i], log_post[i]
                state = StateEvent(
                    step=step,
                    parent=track.last_step if track.last_step is not None else track.parent_step,
                    image=image, preview=preview, final=final and last,
                    attrs={
                        "kind": "denoise", "t": ps.timestep, "step_index": ps.index,
                        "next_index": ps.index + 1, "steps": self.config.steps,
                        "sample": track.sample, "candidate": track.candidate, "round": round_no,
                        "target_class": track.target,
                        **posterior_attrs(np.exp(log_post[i]), track.target),
                        "delta_norm": round(float(delta[i]), 6),
                        "scheduler": self.scheduler_name,
                        "image_space": "latent" if self.latent else "pixel",
                        "image_encoding": note, "preview_encoding": pnote,
                    },
                )
                track.last_step = step
                yield [state, MetricsEvent(step=step, nfe=nfe, wall_s=wall)]
            t0 = time.perf_counter()
        for track in tracks:
            track.x = track.x0_hat if track.x0_hat is not None else track.x

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        cfg = self.config
        per = 1 if cfg.scaffold == "denoise" else cfg.n
        tracks = [self._fresh(s, 0, j) for s in range(cfg.samples) for j in range(per)]
        last_round = cfg.scaffold != "zero-order" or cfg.rounds == 0
        yield from self._round(tracks, ids, 0, cfg.scaffold == "denoise")
        if cfg.scaffold == "denoise":
            return
        pivots: dict[int, Track] = {}
        for s in range(cfg.samples):
            events, kept, step = decide(
                [t for t in tracks if t.sample == s], 1, ids, 0, cfg.steps, cfg.steps,
                last_round, "argmax verifier over n noises",
            )
            pivots[s], kept[0].extra["decision_step"] = kept[0], step
            yield events
        if last_round:
            return
        lam = cfg.perturbation
        for r in range(1, cfg.rounds + 1):
            tracks = []
            for s in range(cfg.samples):
                for j in range(cfg.n):
                    track = self._fresh(s, r, j)
                    assert track.noise is not None and pivots[s].noise is not None
                    track.noise = (pivots[s].noise + lam * track.noise) / math.sqrt(1 + lam * lam)
                    track.parent_step = int(pivots[s].extra["decision_step"])
                    track.parent_candidate = pivots[s].candidate
                    tracks.append(track)
            yield from self._round(tracks, ids, r, False)
            for s in range(cfg.samples):
                events, kept, step = decide(
                    [pivots[s], *(t for t in tracks if t.sample == s)], 1, ids, r, cfg.steps,
                    cfg.steps, r == cfg.rounds, "argmax verifier over the pivot and neighbours",
                )
                pivots[s], kept[0].extra["decision_step"] = kept[0], step
                yield events

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        raise InputError(f"{self.root}: forks need a native UNet model, not a pipeline")
