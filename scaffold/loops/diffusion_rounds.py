"""A round: a batch of tracks denoised from one position to another, one loop step per track
per denoising step; and the decision that ends a search round.

Batching all tracks of a round (every sample and every candidate) into one UNet call per
position keeps the recorded loop as fast as a bare sampler; the steps are still yielded one
track at a time, so the transcript holds one state per track per denoising step.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import torch

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion_ahead import StepsAhead
from scaffold.loops.diffusion_native import NativeDenoiser, StepOutput
from scaffold.loops.diffusion_record import (
    Track,
    as_numpy,
    image_payload,
    image_payloads,
    posterior_attrs,
    posterior_attrs_rows,
)
from scaffold.loops.diffusion_verifier import Verifier
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    MetricsEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
)
from scaffold.transcript.images import ImageData

SCORER = "verifier"


def _judge(
    verifier: Verifier, out: StepOutput, x: np.ndarray, tracks: list[Track]
) -> tuple[np.ndarray, list[tuple[ImageData, str]], list[tuple[ImageData, str]],
           list[dict[str, float | int | list[float]]], list[float], np.ndarray]:
    """What a step records besides ids: posterior, payloads, attrs, change norms, and the new
    x as numpy. One torch call (the verifier); the rest is numpy on the step's arrays."""
    log_post = verifier.log_posterior(out.x0_hat)
    judged = posterior_attrs_rows(np.exp(log_post), [t.target for t in tracks])
    prev = as_numpy(out.prev)
    delta = np.linalg.norm((prev - x).reshape(len(prev), -1), axis=1)
    deltas = np.round(delta.astype(np.float64), 6).tolist()
    return log_post, image_payloads(out.prev), image_payloads(out.x0_hat), judged, deltas, prev


def run_round(
    denoiser: NativeDenoiser,
    verifier: Verifier,
    tracks: list[Track],
    start: int,
    end: int,
    ids: StepIds,
    round_no: int,
    mark_final: bool = False,
) -> Iterator[StepEvents]:
    """Denoise `tracks` from position `start` to `end`; each yield is one track's step.

    With `mark_final`, each track's step at `end` is its sample's final state (plain sampling).
    """
    if not tracks:
        return
    segment = denoiser.segment(start)
    conditional = denoiser.model.conditional
    labels = torch.tensor([t.target for t in tracks]) if conditional else None
    x = torch.stack([t.x for t in tracks])
    gens = [t.generator for t in tracks]
    x_np = as_numpy(x)
    # The UNet runs ahead on its own thread: while it computes step p+1, this thread judges
    # step p (verifier posterior of x̂0, payloads, attrs) and yields its states, which the
    # runner writes. The traced UNet releases the GIL for its whole call, so the recording's
    # Python runs beside it on the second core. The same computations in the same order as
    # stepping inline; a generator suspended at a yield lets at most two steps ahead finish
    # in the background (scaffold.loops.diffusion_ahead).
    t0 = time.perf_counter()
    ahead = StepsAhead(lambda batch: segment.step(batch, labels, gens), x, end - start)
    try:
        for position in range(start, end):
            out = ahead.get()
            judgement = _judge(verifier, out, x_np, tracks)
            log_post, images, previews, judged, deltas, x_np = judgement
            now = time.perf_counter()
            wall, t0 = (now - t0) / len(tracks), now
            x = out.prev
            last = position == end - 1
            # The tracks' tensors are read only after the round (decisions, re-noising), so they
            # are set once, at its last step: no per-step torch calls on this thread.
            items, x0_items = (x.unbind(0), out.x0_hat.unbind(0)) if last else ((), ())
            for i, track in enumerate(tracks):
                step = ids.take()
                attrs = {
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
                    "image_encoding": images[i][1],
                }
                # Built without validation: every field comes typed from this function, and the
                # tests read these transcripts back through the validating reader.
                state = StateEvent.model_construct(
                    event="state",
                    step=step,
                    parent=track.last_step if track.last_step is not None else track.parent_step,
                    text=None,
                    image=images[i][0],
                    preview=previews[i][0],
                    final=mark_final and last and end == denoiser.steps,
                    attrs=attrs,
                )
                metrics = MetricsEvent.model_construct(
                    event="metrics", step=step, tokens=None, nfe=out.nfe_per_item, wall_s=wall,
                    attrs={},
                )
                track.last_step, track.log_posterior = step, log_post[i]
                if last:
                    track.x, track.x0_hat = items[i], x0_items[i]
                yield [state, metrics]
    finally:
        ahead.close()
    if end == denoiser.steps:
        finals = verifier.log_posterior(x)
        for i, track in enumerate(tracks):
            track.log_posterior = finals[i]


def candidate_image(track: Track, at_end: bool) -> torch.Tensor:
    """What a candidate is judged on: x_0 once fully denoised, else the current x̂0."""
    if at_end or track.x0_hat is None:
        return track.x
    return track.x0_hat


def decide(
    tracks: list[Track],
    keep: int,
    ids: StepIds,
    round_no: int,
    position: int,
    steps: int,
    final: bool,
    rule: str,
) -> tuple[StepEvents, list[Track], int]:
    """One sample's decision: every candidate, its verifier score, and the top `keep` kept.

    The verifier is both the objective and the selector here, so its score is recorded once,
    as the system's own `internal` evaluation with scorer `verifier`: the loop selects on
    exactly what it evaluates. Recording it again as `external` would double-count one
    judgement as independent evidence; the independent check (a separate logistic regression)
    lives in the quality benchmark, outside the loop.
    """
    step = ids.take()
    at_end = position == steps
    scores = [t.score() for t in tracks]
    order = sorted(range(len(tracks)), key=lambda i: (-scores[i], i))
    kept = [tracks[i] for i in order[:keep]]
    best = kept[0]
    cands, score_events = [], []
    for track, value in zip(tracks, scores, strict=True):
        image, _ = image_payload(candidate_image(track, at_end))
        cands.append(
            Candidate(
                id=track.candidate,
                image=image,
                parent=track.parent_candidate,
                attrs={
                    "sample": track.sample,
                    "noise_seed": track.noise_seed,
                    "last_step": track.last_step if track.last_step is not None else -1,
                    "position": position,
                    **track.extra,
                },
            )
        )
        score_events.append(
            ScoreEvent(
                step=step,
                candidate=track.candidate,
                value=value,
                scorer=SCORER,
                kind="internal",
                detail=f"log p(class={track.target} | {'x_0' if at_end else 'x̂0'})",
            )
        )
    image, note = image_payload(best.x)
    preview, _ = image_payload(candidate_image(best, at_end))
    post = np.exp(best.log_posterior) if best.log_posterior is not None else np.zeros(10)
    state = StateEvent(
        step=step,
        parent=best.last_step if best.last_step is not None else best.parent_step,
        text=f"sample {best.sample}, round {round_no}: kept "
        + ", ".join(t.candidate for t in kept)
        + f" of {len(tracks)} by {SCORER}",
        image=image,
        preview=preview,
        final=final,
        attrs={
            "kind": "decision",
            "sample": best.sample,
            "round": round_no,
            "target_class": best.target,
            "next_index": position,
            "steps": steps,
            "candidate": best.candidate,
            **posterior_attrs(post, best.target),
            "image_encoding": note,
        },
    )
    events: StepEvents = [
        state,
        CandidatesEvent(step=step, candidates=cands),
        *score_events,
        SelectEvent(step=step, chosen=[t.candidate for t in kept], rule=rule),
        MetricsEvent(step=step, nfe=0, attrs={"candidates": len(tracks)}),
    ]
    return events, kept, step


def seeded_generator(*key: int) -> tuple[torch.Generator, int]:
    """A torch generator from a tuple key, so every candidate's noise is reproducible."""
    seed = int(np.random.SeedSequence([abs(k) for k in key]).generate_state(1)[0])
    return torch.Generator().manual_seed(seed), seed
