"""The diffusion loop: denoise with a native UNet, and search over noises and paths.

Scaffolds follow Ma et al. 2025, *Inference-Time Scaling for Diffusion Models beyond Scaling
Denoising Steps*, with the digits classifier's confidence for the target class as verifier:

- `denoise`: plain sampling, no selection.
- `best-of-n`: random search; n initial noises sampled to the end, the best kept.
- `zero-order`: start like best-of-n, then for `rounds` rounds perturb the pivot noise n times
  and keep the best of the pivot and its neighbours.
- `paths`: n·branches noises run `width` steps; the top n are kept; each kept path is re-noised
  `back` steps `branches` times and run on, and so on to the end, where the best path wins.

Every denoising step of every candidate is one loop step (a state event with t, x_t, x̂0, the
verifier's posterior and entropy, the step's change and NFEs); each round of a search ends
with one decision step per sample. `samples` independent samples run batched, each its own
branch; the last state of each sample is `final` with `target_class` in its attrs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import torch

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion_native import NativeDenoiser
from scaffold.loops.diffusion_record import Track
from scaffold.loops.diffusion_rounds import decide, run_round, seeded_generator
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.models.diffusers_backend import NativeDiffusionModel
from scaffold.transcript.events import ForkEvent, HeaderEvent, TaskInfo
from scaffold.transcript.steps import StepView

SCAFFOLDS = ("denoise", "best-of-n", "zero-order", "paths")
VERIFIER_CLASSES = 10


@dataclass(frozen=True)
class DiffusionConfig:
    """Flags of a diffusion run; `None` means the model's recommendation."""

    scaffold: str = "denoise"
    digit_class: int | None = None
    steps: int = 50
    guidance: float | None = None
    seed: int = 0
    n: int = 4
    samples: int = 1
    scheduler: str | None = None
    eta: float = 0.0
    rounds: int = 3
    perturbation: float = 0.5
    branches: int = 2
    width: int | None = None
    back: int | None = None

    def check(self) -> None:
        if self.scaffold not in SCAFFOLDS:
            choices = ", ".join(SCAFFOLDS)
            raise InputError(f"--scaffold: unknown {self.scaffold!r} (choose {choices})")
        if self.digit_class is not None and not 0 <= self.digit_class < VERIFIER_CLASSES:
            raise InputError(f"--class: {self.digit_class} is not a digit 0-9")
        for name in ("steps", "n", "samples", "branches"):
            if getattr(self, name) < 1:
                raise InputError(f"--{name}: must be at least 1, got {getattr(self, name)}")
        if self.scaffold in ("best-of-n", "zero-order", "paths") and self.n * (
            self.branches if self.scaffold == "paths" else 1
        ) < 2:
            raise InputError(f"--n: {self.scaffold} needs at least two candidates to choose from")


class DiffusionLoop:
    """A native diffusion model, a verifier and a config, as a loop (see the module doc)."""

    def __init__(
        self,
        model: NativeDiffusionModel,
        verifier: Verifier,
        config: DiffusionConfig,
        *,
        trace_unet: bool = True,
    ) -> None:
        """`trace_unet=False` runs the UNet as eager diffusers code (same values, slower)."""
        config.check()
        self.trace_unet = trace_unet
        if config.guidance is None:
            config = replace(config, guidance=model.default_guidance)
        if config.scheduler is None:
            config = replace(config, scheduler=model.default_scheduler)
        self.model, self.verifier, self.config = model, verifier, config
        self.denoiser = self._denoiser(config)
        self.width = max(2, config.width or config.steps // 5)
        self.back = max(1, min(self.width - 1, config.back or self.width // 2))
        cls = config.digit_class
        self.header = HeaderEvent(
            tool_version=__version__,
            loop="diffusion",
            scaffold=config.scaffold,
            model=model.info,
            task=TaskInfo(
                name="digit-class",
                instance=f"class {cls}" if cls is not None else "class = sample index mod 10",
                objective=f"{verifier.name}: log p(target class | image)",
            ),
            seed=config.seed,
            config={
                **{"class": cls},
                **{k: v for k, v in asdict(config).items() if k not in ("digit_class", "scaffold")},
                "width": self.width,
                "back": self.back,
                "prediction_type": model.prediction_type,
                "image_size": model.image_size,
                "verifier": verifier.name,
            },
        )

    def _denoiser(self, config: DiffusionConfig) -> NativeDenoiser:
        return NativeDenoiser(
            self.model,
            str(config.scheduler),
            config.steps,
            float(config.guidance if config.guidance is not None else 1.0),
            config.eta,
            trace_unet=self.trace_unet,
        )

    def target(self, sample: int) -> int:
        c = self.config.digit_class
        return c if c is not None else sample % VERIFIER_CLASSES

    def _fresh(self, sample: int, round_no: int, j: int, parent: int | None = None) -> Track:
        gen, seed = seeded_generator(self.config.seed, sample, round_no, j)
        noise = self.denoiser.initial_noise(gen)
        return Track(
            sample=sample,
            target=self.target(sample),
            candidate=f"s{sample}.r{round_no}.c{j}",
            x=self.denoiser.to_start(noise),
            generator=gen,
            noise_seed=seed,
            parent_step=parent,
            noise=noise,
        )

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        scaffold = self.config.scaffold
        if scaffold == "denoise":
            tracks = [self._fresh(s, 0, 0) for s in range(self.config.samples)]
            yield from run_round(
                self.denoiser, self.verifier, tracks, 0, self.config.steps, ids, 0, mark_final=True
            )
        elif scaffold == "best-of-n":
            yield from self._best_of_n(ids)
        elif scaffold == "zero-order":
            yield from self._zero_order(ids)
        else:
            yield from self._paths(ids)

    def _best_of_n(self, ids: StepIds) -> Iterator[StepEvents]:
        cfg = self.config
        tracks = [self._fresh(s, 0, j) for s in range(cfg.samples) for j in range(cfg.n)]
        yield from run_round(self.denoiser, self.verifier, tracks, 0, cfg.steps, ids, 0)
        for s in range(cfg.samples):
            mine = [t for t in tracks if t.sample == s]
            events, _, _ = decide(
                mine, 1, ids, 0, cfg.steps, cfg.steps, True, "argmax verifier over n noises"
            )
            yield events

    def _zero_order(self, ids: StepIds) -> Iterator[StepEvents]:
        cfg, lam = self.config, self.config.perturbation
        tracks = [self._fresh(s, 0, j) for s in range(cfg.samples) for j in range(cfg.n)]
        yield from run_round(self.denoiser, self.verifier, tracks, 0, cfg.steps, ids, 0)
        pivots: dict[int, Track] = {}
        decision_step: dict[int, int] = {}
        for s in range(cfg.samples):
            mine = [t for t in tracks if t.sample == s]
            events, kept, step = decide(
                mine, 1, ids, 0, cfg.steps, cfg.steps, cfg.rounds == 0, "argmax verifier (pivot)"
            )
            pivots[s], decision_step[s] = kept[0], step
            yield events
        for r in range(1, cfg.rounds + 1):
            tracks = []
            for s in range(cfg.samples):
                pivot = pivots[s]
                for j in range(cfg.n):
                    track = self._fresh(s, r, j, parent=decision_step[s])
                    assert pivot.noise is not None and track.noise is not None
                    noise = (pivot.noise + lam * track.noise) / math.sqrt(1.0 + lam * lam)
                    track.noise, track.x = noise, self.denoiser.to_start(noise)
                    track.parent_candidate = pivot.candidate
                    track.extra = {"perturbation": lam}
                    tracks.append(track)
            yield from run_round(self.denoiser, self.verifier, tracks, 0, cfg.steps, ids, r)
            for s in range(cfg.samples):
                mine = [pivots[s], *(t for t in tracks if t.sample == s)]
                events, kept, step = decide(
                    mine, 1, ids, r, cfg.steps, cfg.steps, r == cfg.rounds,
                    "argmax verifier over the pivot and its perturbations",
                )
                pivots[s], decision_step[s] = kept[0], step
                yield events

    def _paths(self, ids: StepIds) -> Iterator[StepEvents]:
        cfg, steps = self.config, self.config.steps
        width = cfg.n * cfg.branches
        tracks = [self._fresh(s, 0, j) for s in range(cfg.samples) for j in range(width)]
        position, r = min(self.width, steps), 0
        yield from run_round(self.denoiser, self.verifier, tracks, 0, position, ids, r)
        while True:
            done = position == steps
            kept_all: list[Track] = []
            for s in range(cfg.samples):
                mine = [t for t in tracks if t.sample == s]
                keep = 1 if done else cfg.n
                rule = "argmax verifier" if done else f"top {cfg.n} paths by verifier on x̂0"
                events, kept, _ = decide(mine, keep, ids, r, position, steps, done, rule)
                kept_all.extend(kept)
                yield events
            if done:
                return
            r += 1
            start = max(position - self.back, 0)
            end = min(start + self.width, steps)
            tracks = []
            for k, parent in enumerate(kept_all):
                for b in range(cfg.branches):
                    gen, seed = seeded_generator(cfg.seed, parent.sample, r, k, b)
                    x = self.denoiser.renoise(parent.x[None], position, start, [gen])[0]
                    tracks.append(
                        Track(
                            sample=parent.sample,
                            target=parent.target,
                            candidate=f"s{parent.sample}.r{r}.c{len(tracks)}",
                            x=x,
                            generator=gen,
                            noise_seed=seed,
                            parent_step=parent.last_step,
                            parent_candidate=parent.candidate,
                            extra={"renoised_from": position, "renoised_to": start},
                        )
                    )
            yield from run_round(self.denoiser, self.verifier, tracks, start, end, ids, r)
            position = end

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        """Resume plain denoising from a recorded step's x_t and t with a new seed.

        `params` may override `guidance`, `class` and `eta` (with DDIM at eta 0 the
        continuation is deterministic, so the seed only matters for stochastic samplers).
        """
        state = origin.state
        if state is None or state.image is None:
            raise InputError(f"step {origin.step}: no recorded image to resume from")
        if state.attrs.get("image_encoding", "exact float32") != "exact float32":
            raise InputError(f"step {origin.step}: its image was stored reduced; cannot resume")
        position = int(state.attrs.get("next_index", -1))  # type: ignore[arg-type]
        if not 0 <= position < self.config.steps:
            raise InputError(f"step {origin.step}: already fully denoised; fork an earlier step")
        config = replace(
            self.config,
            guidance=float(params.get("guidance", self.config.guidance)),
            eta=float(params.get("eta", self.config.eta)),
        )
        denoiser = self._denoiser(config)
        arr = state.image.to_array().astype(np.float32)
        x = torch.from_numpy(arr[None] if arr.ndim == 2 else np.moveaxis(arr, -1, 0).copy())
        sample = int(state.attrs.get("sample", 0))  # type: ignore[arg-type]
        gen, noise_seed = seeded_generator(seed, sample, origin.step)
        target = int(params.get("class", state.attrs.get("target_class", self.target(sample))))
        track = Track(
            sample=sample,
            target=target,
            candidate=f"fork{origin.step}.seed{seed}",
            x=x,
            generator=gen,
            noise_seed=noise_seed,
            parent_step=origin.step,
        )
        round_no = int(state.attrs.get("round", 0))  # type: ignore[arg-type]
        steps = run_round(
            denoiser, self.verifier, [track], position, config.steps, ids, round_no, True
        )
        first = True
        for events in steps:
            if first:
                fork = ForkEvent(step=events[0].step, from_step=origin.step, seed=seed,
                                 params=params)
                events = [fork, *events]
                first = False
            yield events
