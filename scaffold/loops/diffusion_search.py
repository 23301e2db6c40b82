"""The diffusion scaffolds, written once over any `Denoiser`, and forks.

Scaffolds follow Ma et al. 2025, *Inference-Time Scaling for Diffusion Models beyond Scaling
Denoising Steps*, with the digits classifier's confidence for the target class as verifier:

- `denoise`: plain sampling, no selection.
- `best-of-n`: random search; n initial noises sampled to the end, the best kept.
- `zero-order`: start like best-of-n, then for `rounds` rounds perturb the pivot noise n times
  and keep the best of the pivot and its neighbours.
- `paths`: n·branches noises run `width` steps; the top n are kept; each kept path is re-noised
  `back` steps `branches` times and run on, and so on to the end, where the best path wins.

Every denoising step of every candidate is one loop step (`diffusion_rounds.py`); each round of
a search ends with one decision step per sample (`diffusion_decision.py`). `samples`
independent samples run batched, each its own branch; the last state of each sample is `final`
with `target_class` in its attrs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import numpy as np
import torch

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion_config import DiffusionConfig
from scaffold.loops.diffusion_decision import select_by_verifier
from scaffold.loops.diffusion_denoiser import Denoiser
from scaffold.loops.diffusion_interventions import DiffusionInterventions
from scaffold.loops.diffusion_record import Track
from scaffold.loops.diffusion_rounds import run_round, seeded_generator
from scaffold.loops.diffusion_verifier import Verifier, eager_verifier
from scaffold.transcript.events import ForkEvent, HeaderEvent, ModelInfo, TaskInfo
from scaffold.transcript.steps import StepView

FORK_PARAMS = ("guidance", "eta", "class")


class DiffusionSearch(DiffusionInterventions):
    """A denoiser, a verifier and a config as a loop; each backend's loop derives from it and
    only builds its denoiser and header."""

    header: HeaderEvent

    def __init__(
        self,
        make_denoiser: Callable[[DiffusionConfig], Denoiser],
        verifier: Verifier,
        config: DiffusionConfig,
        *,
        where: str,
    ) -> None:
        """`make_denoiser` builds the denoiser for a config (again for a fork's overrides);
        `where` names the model in error messages."""
        self.make_denoiser, self.config, self.where = make_denoiser, config, where
        self.select_scores = None
        self.retarget_class: int | None = None
        self.verifier = verifier if config.speedups else eager_verifier(verifier)
        self.denoiser = make_denoiser(config)
        if config.scaffold == "paths" and not self.denoiser.can_branch:
            raise InputError(f"{where}: --scaffold paths needs a native UNet model, not a pipeline")
        if config.scaffold == "zero-order" and not self.denoiser.takes_noise:
            raise InputError(f"{where}: zero-order needs a pipeline that accepts initial latents")
        self.width = max(2, config.width or config.steps // 5)
        self.back = max(1, min(self.width - 1, config.back or self.width // 2))

    def run_context(self) -> AbstractContextManager[None]:
        """Held by the runner for the whole run: torch's thread count for sampling, restored
        after (a traced UNet must run at one thread count for the run to be reproducible)."""
        from scaffold.models.threads import sampling_threads

        return sampling_threads()

    def make_header(
        self,
        *,
        model: ModelInfo,
        objective: str,
        guidance: float | None,
        scheduler: str,
        backend: dict[str, Any],
    ) -> HeaderEvent:
        """The header: the config as it runs (the model's defaults filled in), then what the
        backend adds about itself, then the verifier."""
        cfg, cls = self.config, self.config.digit_class
        return HeaderEvent(
            tool_version=__version__,
            loop="diffusion",
            scaffold=cfg.scaffold,
            model=model,
            task=TaskInfo(
                name="digit-class",
                instance=f"class {cls}" if cls is not None else "class = sample index mod 10",
                objective=objective,
            ),
            seed=cfg.seed,
            config={
                "class": cls, "steps": cfg.steps, "guidance": guidance, "seed": cfg.seed,
                "n": cfg.n, "samples": cfg.samples, "scheduler": scheduler, "eta": cfg.eta,
                "rounds": cfg.rounds, "perturbation": cfg.perturbation,
                "branches": cfg.branches, "width": self.width, "back": self.back,
                **backend, "verifier": self.verifier.name,
            },
        )

    def _fresh(self, sample: int, round_no: int, j: int, parent: int | None = None) -> Track:
        gen, seed = seeded_generator(self.config.seed, sample, round_no, j)
        noise = self.denoiser.initial_noise(gen)
        return Track(
            sample=sample,
            target=self.config.target(sample),
            candidate=f"s{sample}.r{round_no}.c{j}",
            x=self.denoiser.to_start(noise),
            generator=gen,
            noise_seed=seed,
            parent_step=parent,
            noise=noise,
        )

    def _round(
        self, tracks: list[Track], ids: StepIds, *, start: int, end: int, round_no: int,
        mark_final: bool = False,
    ) -> Iterator[StepEvents]:
        return run_round(
            self.denoiser, self.verifier, tracks, start=start, end=end, ids=ids,
            round_no=round_no, mark_final=mark_final,
        )

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        scaffold = self.config.scaffold
        if scaffold == "denoise":
            tracks = [self._fresh(s, 0, 0) for s in range(self.config.samples)]
            yield from self._round(
                tracks, ids, start=0, end=self.config.steps, round_no=0, mark_final=True
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
        yield from self._round(tracks, ids, start=0, end=cfg.steps, round_no=0)
        for s in range(cfg.samples):
            events, _, _ = select_by_verifier(
                [t for t in tracks if t.sample == s], keep=1, ids=ids, round_no=0,
                position=cfg.steps, steps=cfg.steps, final=True,
                rule="argmax verifier over n noises", hook=self.select_scores,
            )
            yield events

    def _zero_order(self, ids: StepIds) -> Iterator[StepEvents]:
        cfg, lam = self.config, self.config.perturbation
        tracks = [self._fresh(s, 0, j) for s in range(cfg.samples) for j in range(cfg.n)]
        yield from self._round(tracks, ids, start=0, end=cfg.steps, round_no=0)
        pivots: dict[int, Track] = {}
        decision_step: dict[int, int] = {}
        for s in range(cfg.samples):
            events, kept, step = select_by_verifier(
                [t for t in tracks if t.sample == s], keep=1, ids=ids, round_no=0,
                position=cfg.steps, steps=cfg.steps, final=cfg.rounds == 0,
                rule="argmax verifier (pivot)", hook=self.select_scores,
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
            yield from self._round(tracks, ids, start=0, end=cfg.steps, round_no=r)
            for s in range(cfg.samples):
                events, kept, step = select_by_verifier(
                    [pivots[s], *(t for t in tracks if t.sample == s)], keep=1, ids=ids,
                    round_no=r, position=cfg.steps, steps=cfg.steps, final=r == cfg.rounds,
                    rule="argmax verifier over the pivot and its perturbations",
                    hook=self.select_scores,
                )
                pivots[s], decision_step[s] = kept[0], step
                yield events

    def _paths(self, ids: StepIds) -> Iterator[StepEvents]:
        cfg, steps = self.config, self.config.steps
        tracks = [
            self._fresh(s, 0, j) for s in range(cfg.samples) for j in range(cfg.n * cfg.branches)
        ]
        position, r = min(self.width, steps), 0
        yield from self._round(tracks, ids, start=0, end=position, round_no=r)
        while True:
            done = position == steps
            kept_all: list[Track] = []
            for s in range(cfg.samples):
                events, kept, _ = select_by_verifier(
                    [t for t in tracks if t.sample == s], keep=1 if done else cfg.n, ids=ids,
                    round_no=r, position=position, steps=steps, final=done,
                    rule="argmax verifier" if done else f"top {cfg.n} paths by verifier on x̂0",
                    hook=self.select_scores,
                )
                kept_all.extend(kept)
                yield events
            if done:
                return
            r += 1
            start = max(position - self.back, 0)
            end = min(start + self.width, steps)
            tracks = [
                self._renoised(parent, r=r, k=k, b=b, position=position, start=start)
                for k, parent in enumerate(kept_all)
                for b in range(cfg.branches)
            ]
            yield from self._round(tracks, ids, start=start, end=end, round_no=r)
            position = end

    def _renoised(
        self, parent: Track, *, r: int, k: int, b: int, position: int, start: int
    ) -> Track:
        """Branch `b` of kept path `k`: its x at `position` re-noised back to `start`."""
        gen, seed = seeded_generator(self.config.seed, parent.sample, r, k, b)
        x = self.denoiser.renoise(parent.x[None], position, start, [gen])[0]
        return Track(
            sample=parent.sample,
            target=parent.target,
            candidate=f"s{parent.sample}.r{r}.c{k * self.config.branches + b}",
            x=x,
            generator=gen,
            noise_seed=seed,
            parent_step=parent.last_step,
            parent_candidate=parent.candidate,
            extra={"renoised_from": position, "renoised_to": start},
        )

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        """Resume plain denoising from a recorded step's x_t and t with a new seed.

        `params` may override `guidance`, `class` and `eta` (with DDIM at eta 0 the
        continuation is deterministic, so the seed only matters for stochastic samplers).
        """
        if self.select_scores is not None and origin.select is not None:
            yield from self.redecide(origin, ids, seed, params)
            return
        if self.retarget_class is not None:
            params = {**params, "class": self.retarget_class}
        if not self.denoiser.can_branch:
            raise InputError(f"{self.where}: forks need a native UNet model, not a pipeline")
        unknown = sorted(set(params) - set(FORK_PARAMS))
        if unknown:
            raise InputError(f"fork: {', '.join(unknown)} cannot change in a fork "
                             f"(only {', '.join(FORK_PARAMS)})")
        state = origin.state
        if state is None or state.image is None:
            raise InputError(f"step {origin.step}: no recorded image to resume from")
        if state.attrs.get("image_encoding", "exact float32") != "exact float32":
            raise InputError(f"step {origin.step}: its image was stored reduced; cannot resume")
        position = int(state.attrs.get("next_index", -1))  # type: ignore[arg-type]
        if not 0 <= position < self.config.steps:
            raise InputError(f"step {origin.step}: already fully denoised; fork an earlier step")
        overrides = {("digit_class" if k == "class" else k): v for k, v in params.items()}
        config: DiffusionConfig = self.config.with_params(overrides)
        denoiser = self.make_denoiser(config)
        arr = state.image.to_array().astype(np.float32)
        x = torch.from_numpy(arr[None] if arr.ndim == 2 else np.moveaxis(arr, -1, 0).copy())
        sample = int(state.attrs.get("sample", 0))  # type: ignore[arg-type]
        gen, noise_seed = seeded_generator(seed, sample, origin.step)
        recorded = int(state.attrs.get("target_class", self.config.target(sample)))  # type: ignore[arg-type]
        track = Track(
            sample=sample,
            target=config.target(sample) if "class" in params else recorded,
            candidate=f"fork{origin.step}.seed{seed}",
            x=x,
            generator=gen,
            noise_seed=noise_seed,
            parent_step=origin.step,
        )
        round_no = int(state.attrs.get("round", 0))  # type: ignore[arg-type]
        steps = run_round(
            denoiser, self.verifier, [track], start=position, end=config.steps, ids=ids,
            round_no=round_no, mark_final=True,
        )
        first = True
        for events in steps:
            if first:
                fork = ForkEvent(step=events[0].step, from_step=origin.step, seed=seed,
                                 params=params)
                events = [fork, *events]
                first = False
            yield events
