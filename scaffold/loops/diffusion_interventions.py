"""What interventions need from a diffusion loop (`DiffusionSearch` derives from this).

- Its searches select through `select_scores` (the verifier's scores, replaceable).
- A fork from a decision step with a hook installed redecides that step: the recorded
  candidates and verifier scores, selected again through the hook, the new choice as a final
  state. The candidates are the ones the run made, so the outcome differs only by the choice.
- `retarget(class)` makes plain-denoising forks guide towards another digit class; `judge`
  scores a final image with the verifier for the class the comparison is about.
- `forkable` says which recorded steps can be resumed (a fully denoised image cannot).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any, Self

import numpy as np
import torch

from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion_config import DiffusionConfig
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.loops.hooks import Evaluation, Outcome, SelectHook, hooked
from scaffold.transcript.events import (
    CandidatesEvent,
    ForkEvent,
    HeaderEvent,
    MetricsEvent,
    SelectEvent,
    StateEvent,
)
from scaffold.transcript.images import ImageData
from scaffold.transcript.steps import StepView

SCORER = "verifier"
CLASSES = 10
KEPT_ATTRS = ("sample", "round", "target_class", "next_index", "steps", "image_encoding")


def image_tensor(image: ImageData) -> torch.Tensor:
    """A recorded image as a (C, H, W) float tensor."""
    arr = image.to_array().astype(np.float32)
    return torch.from_numpy(arr[None] if arr.ndim == 2 else np.moveaxis(arr, -1, 0).copy())


def _value(score: float | None) -> float:
    return float("-inf") if score is None else score


class DiffusionInterventions:
    """The intervention hooks of a diffusion loop."""

    config: DiffusionConfig
    verifier: Verifier
    select_scores: SelectHook | None
    retarget_class: int | None

    def retarget(self, value: str) -> Self:
        """A copy whose forks guide towards digit class `value`."""
        try:
            target = int(value)
        except ValueError:
            raise InputError(f"retarget: a digit class is a whole number 0-9, got {value!r}"
                             ) from None
        if not 0 <= target < CLASSES:
            raise InputError(f"retarget: the digit classes are 0-9, got {target}")
        loop = copy.copy(self)
        loop.retarget_class = target
        return loop

    def judge(self, state: StateEvent) -> Outcome:
        """The verifier's log confidence for the class in question, and whether it is the
        verifier's top class."""
        target = self.retarget_class
        if target is None:
            recorded = state.attrs.get("target_class")
            target = recorded if isinstance(recorded, int) else None
        if state.image is None or target is None:
            return Outcome(None)
        log_post = self.verifier.log_posterior(image_tensor(state.image)[None])[0]
        return Outcome(float(log_post[target]), int(np.argmax(log_post)) == target)

    def forkable(self, view: StepView, scores_replaced: bool = False) -> bool:
        """A decision can be redecided under a replaced verifier; otherwise a fork resumes
        the state's exact x_t, so it must have one and be short of the last step."""
        if scores_replaced:
            return view.select is not None
        state = view.state
        if state is None or state.image is None:
            return False
        if state.attrs.get("image_encoding", "exact float32") != "exact float32":
            return False
        position = state.attrs.get("next_index", -1)
        return isinstance(position, int) and 0 <= position < self.config.steps

    def redecide(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        """The recorded decision at `origin`, selected again through the hook: one final step
        holding the candidates, their verifier scores, the hook's and the new choice."""
        assert origin.select is not None and origin.state is not None
        step = ids.take()
        cands = list(origin.candidates)
        recorded = [s for s in origin.scores if s.scorer == SCORER]
        by_id = {s.candidate: s.value for s in recorded}
        values = [by_id.get(c.id) for c in cands]
        evaluation = Evaluation(step, tuple(c.id for c in cands), {SCORER: values}, SCORER)
        used, replaced = hooked(self.select_scores, evaluation)
        keep = max(1, len(origin.select.chosen))
        order = sorted(range(len(cands)), key=lambda i: (-_value(used[i]), i))
        kept = [cands[i] for i in order[:keep]]
        attrs = {k: origin.state.attrs[k] for k in KEPT_ATTRS if k in origin.state.attrs}
        state = StateEvent(
            step=step, parent=origin.step, image=kept[0].image, final=True,
            text=f"step {origin.step} redecided: kept {', '.join(c.id for c in kept)} "
                 f"of {len(cands)}",
            attrs={**attrs, "kind": "decision", "candidate": kept[0].id},
        )
        yield [
            ForkEvent(step=step, from_step=origin.step, seed=seed, params=params),
            state,
            CandidatesEvent(step=step, candidates=cands),
            *(s.model_copy(update={"step": step}) for s in recorded),
            *replaced,
            SelectEvent(step=step, chosen=[c.id for c in kept],
                        rule=f"{origin.select.rule}, redecided"),
            MetricsEvent(step=step, nfe=0, attrs={"candidates": len(cands)}),
        ]


def diffusion_header_settings(header: HeaderEvent) -> dict[str, Any]:
    """The config a diffusion transcript was recorded with. The header names the model by its
    id: the shipped model is found again; another needs `--set model=DIR`."""
    from scaffold.models.diffusers_backend import EMBEDDED_DIR

    cfg = header.config
    keys = ("steps", "guidance", "n", "samples", "scheduler", "eta", "rounds", "perturbation",
            "branches", "width", "back")
    values: dict[str, Any] = {k: cfg[k] for k in keys if k in cfg}
    values.update(scaffold=header.scaffold, seed=header.seed or 0,
                  digit_class=cfg.get("class"))
    if "prompt" in cfg:
        values["prompt"] = cfg["prompt"]
    try:
        shipped = json.loads((EMBEDDED_DIR / "mesascope.json").read_text()).get("id")
    except (OSError, ValueError):
        shipped = None
    if header.model.id != shipped:
        values["model"] = header.model.id
    return values
