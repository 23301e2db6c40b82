"""The step that ends a search round: every candidate of one sample, scored, and the best kept."""

from __future__ import annotations

import numpy as np
import torch

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.diffusion_record import Track, image_payload, posterior_attrs
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    MetricsEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
)

SCORER = "verifier"


def candidate_image(track: Track) -> torch.Tensor:
    """What a candidate was judged on: x_0 once fully denoised, else its latest x̂0."""
    return track.judged if track.judged is not None else track.x


def select_by_verifier(
    tracks: list[Track],
    *,
    keep: int,
    ids: StepIds,
    round_no: int,
    position: int,
    steps: int,
    final: bool,
    rule: str,
) -> tuple[StepEvents, list[Track], int]:
    """One sample's decision step: every candidate, its verifier score, and the top `keep`
    kept. Returns the step's events, the kept tracks (best first) and the step id.

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
        image, _ = image_payload(candidate_image(track))
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
    preview, _ = image_payload(candidate_image(best))
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
