"""One step of a scratchpad loop in the making: its events, model calls, errors and costs."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from scaffold.loops.base import StepEvents
from scaffold.models.batched import BatchedTextModel, Request
from scaffold.models.text_model import (
    BackendError,
    ChatMessage,
    Generation,
    SamplingParams,
    TextModel,
)
from scaffold.transcript.events import ErrorEvent, MetricsEvent, StateEvent


def derive_seed(seed: int, *parts: object) -> int:
    """A stable 31-bit seed for one model call, from the branch seed and where the call is."""
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") & 0x7FFFFFFF


@dataclass
class Branch:
    """Where a generator starts: fresh (no origin) or resumed from a recorded state (a fork)."""

    seed: int
    origin: StateEvent | None = None
    first_step: int | None = None
    prefix: StepEvents = field(default_factory=list)


class StepRecorder:
    """Collects one step's events. Model calls go through `generate`, so a BackendError becomes
    an `error` event and tokens and wall time end up in the step's `metrics` event."""

    def __init__(self, step: int, model: TextModel, prefix: StepEvents | None = None) -> None:
        self.step, self.model = step, model
        self.events: StepEvents = list(prefix or [])
        self.tokens = self.prompt_tokens = self.calls = self.errors = 0
        self._t0 = time.perf_counter()

    def add(self, event: object) -> None:
        self.events.append(event)  # type: ignore[arg-type]

    def generate(
        self, messages: list[ChatMessage], params: SamplingParams, purpose: str
    ) -> list[Generation] | None:
        """The generations, or None after recording the failure as an error event."""
        self.calls += 1
        try:
            gens = self.model.generate(messages, params)
        except BackendError as err:
            self.errors += 1
            message = " ".join(str(err).split()) or type(err).__name__
            self.add(ErrorEvent(step=self.step, message=f"{purpose}: {message}", kind="backend"))
            return None
        self.tokens += sum(g.n_tokens for g in gens)
        self.prompt_tokens += max((g.prompt_tokens for g in gens), default=0)
        return gens

    def generate_many(
        self, requests: list[Request], purposes: list[str]
    ) -> list[list[Generation] | None]:
        """Each request's generations (or None after its error event), as one batched call when
        the backend decodes several chats together, else one call per request. A failed batch
        is retried one request at a time, so each failure is recorded against its purpose."""
        pairs = list(zip(requests, purposes, strict=True))
        if len(requests) < 2 or not isinstance(self.model, BatchedTextModel):
            return [self.generate(m, p, why) for (m, p), why in pairs]
        try:
            results = self.model.generate_many(requests)
        except BackendError:
            return [self.generate(m, p, why) for (m, p), why in pairs]
        self.calls += len(requests)
        for gens in results:
            self.tokens += sum(g.n_tokens for g in gens)
            self.prompt_tokens += max((g.prompt_tokens for g in gens), default=0)
        return list(results)

    def finish(self) -> StepEvents:
        """The step's events, closed by its metrics (the only event that holds wall time)."""
        self.add(
            MetricsEvent(
                step=self.step,
                tokens=self.tokens,
                wall_s=round(time.perf_counter() - self._t0, 4),
                attrs={"model_calls": self.calls, "prompt_tokens": self.prompt_tokens,
                       "backend_errors": self.errors},
            )
        )
        return self.events
