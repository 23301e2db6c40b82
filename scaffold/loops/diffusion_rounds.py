"""A round: a batch of tracks denoised from one position to another by any `Denoiser`, one loop
step per track per denoising step, each a state (t, x_t, x̂0, the verifier's view) and metrics.

The denoiser steps all tracks of a round (every sample and every candidate) as one batch, which
keeps the recorded loop as fast as a bare sampler; the steps are still yielded one track at a
time, so the transcript holds one state per track per denoising step.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import torch

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion_construct import Construct
from scaffold.loops.diffusion_denoiser import Denoiser, StepOutput
from scaffold.loops.diffusion_record import (
    Track,
    as_numpy,
    image_payloads,
    posterior_attrs_rows,
)
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.transcript.events import Attrs, MetricsEvent, StateEvent
from scaffold.transcript.images import ImageData

Judged = list[dict[str, float | int | list[float]]]
new_state = Construct(StateEvent)
new_metrics = Construct(MetricsEvent)


def _judge(
    verifier: Verifier, out: StepOutput, images: torch.Tensor, tracks: list[Track]
) -> tuple[np.ndarray, list[tuple[ImageData, str]], list[tuple[ImageData, str]], Judged,
           list[float]]:
    """What a step records besides ids: posterior, payloads, attrs and change norms. One torch
    call (the verifier on the decoded x̂0); the rest is numpy on the step's arrays."""
    log_post = verifier.log_posterior(images)
    judged = posterior_attrs_rows(np.exp(log_post), [t.target for t in tracks])
    prev, before = as_numpy(out.prev), as_numpy(out.sample)
    delta = np.linalg.norm((prev - before).reshape(len(prev), -1), axis=1)
    deltas = np.round(delta.astype(np.float64), 6).tolist()
    return log_post, image_payloads(out.prev), image_payloads(images), judged, deltas


def run_round(
    denoiser: Denoiser,
    verifier: Verifier,
    tracks: list[Track],
    *,
    start: int,
    end: int,
    ids: StepIds,
    round_no: int,
    mark_final: bool = False,
) -> Iterator[StepEvents]:
    """Denoise `tracks` from position `start` to `end`; each yield is one track's step.

    With `mark_final`, each track's step at `end` is its sample's final state (plain sampling).
    A round that reaches the end judges each track on its decoded x_0.
    """
    if not tracks:
        return
    # With speedups the native denoiser computes step p+1 on its own thread while this one
    # judges step p (verifier, payloads, attrs) and yields its states for the runner to
    # write; the values and their order are those of stepping inline.
    outputs = denoiser.run(tracks, start, end)
    t0 = time.perf_counter()
    x: torch.Tensor | None = None
    try:
        for position, out in enumerate(outputs, start):
            images = denoiser.decode(out.x0_hat)
            log_post, payloads, previews, judged, deltas = _judge(
                verifier, out, images, tracks
            )
            now = time.perf_counter()
            wall, t0 = (now - t0) / len(tracks), now
            x = out.prev
            last = position == end - 1
            # The tracks' tensors are read only after the round (decisions, re-noising), so
            # they are set once, at its last step: no per-step torch calls on this thread.
            items = (x.unbind(0), out.x0_hat.unbind(0), images.unbind(0)) if last else None
            for i, track in enumerate(tracks):
                step = ids.take()
                attrs: Attrs = {
                    "kind": "denoise",
                    "t": out.timestep,
                    "step_index": position,
                    "next_index": position + 1,
                    "steps": denoiser.steps,
                    "sample": track.sample,
                    "candidate": track.candidate,
                    "round": round_no,
                    "target_class": track.target,
                    **judged[i],
                    "delta_norm": deltas[i],
                    "scheduler": denoiser.scheduler_name,
                    "image_encoding": payloads[i][1],
                    **denoiser.item_attrs(payloads[i][1], previews[i][1]),
                }
                # Built without validation (`model_construct`, checked to give the same
                # objects): every field comes typed from this function, and the tests read
                # these transcripts back through the validating reader.
                state = new_state(
                    event="state",
                    step=step,
                    parent=track.last_step if track.last_step is not None
                    else track.parent_step,
                    text=None,
                    image=payloads[i][0],
                    preview=previews[i][0],
                    final=mark_final and last and end == denoiser.steps,
                    attrs=attrs,
                )
                metrics = new_metrics(
                    event="metrics", step=step, tokens=None, nfe=out.nfe_per_item,
                    wall_s=wall, attrs={},
                )
                track.last_step, track.log_posterior = step, log_post[i]
                if items is not None:
                    track.x, track.x0_hat, track.judged = (v[i] for v in items)
                yield [state, metrics]
    finally:
        outputs.close()
    if x is not None and end == denoiser.steps:
        final = denoiser.decode(x)
        finals = verifier.log_posterior(final)
        for track, image, log_p in zip(tracks, final.unbind(0), finals, strict=True):
            track.judged, track.log_posterior = image, log_p


def seeded_generator(*key: int) -> tuple[torch.Generator, int]:
    """A torch generator from a tuple key, so every candidate's noise is reproducible."""
    seed = int(np.random.SeedSequence([abs(k) for k in key]).generate_state(1)[0])
    return torch.Generator().manual_seed(seed), seed
