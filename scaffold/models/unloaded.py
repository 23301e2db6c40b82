"""A text model's recorded identity without its weights, for checks made before a slow load.

`mesascope intervene` rebuilds a recorded run's loop, and the loop refuses some interventions
(a retarget on a task with no target, a critique edit on a loop that writes none). Those
checks read only the loop's task and config, but building the loop needed the model: a refusal
came after the model loaded, seconds to minutes later. A loop built on this stand-in answers
them at once. It cannot generate: a loop built on it is for checks only.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.models.text_model import ChatMessage, Generation, SamplingParams
from scaffold.transcript.events import ModelInfo


@dataclass
class UnloadedTextModel:
    """A `TextModel` whose weights were not loaded: its `info` as the header recorded it."""

    info: ModelInfo
    prefills: bool = False
    numerics: str | None = None

    def generate(self, messages: list[ChatMessage], params: SamplingParams) -> list[Generation]:
        raise RuntimeError(f"{self.info.id} is not loaded: this loop is for checks only")
