"""Backends that decode several chats' continuations as one batch (the embedded one does).

A ToT level asks each of its b frontier nodes for K proposals; such a backend runs the b·K rows
together instead of b calls, each request still drawing from its own seeded generator.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from scaffold.models.text_model import ChatMessage, Generation, SamplingParams

Request = tuple[list[ChatMessage], SamplingParams]


@runtime_checkable
class BatchedTextModel(Protocol):
    def generate_many(self, requests: list[Request]) -> list[list[Generation]]:
        """Each request's `params.n` continuations, in request order; BackendError on failure."""
        ...
