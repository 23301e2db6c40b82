"""The protocol every text backend meets: sample K continuations of one prompt, with logprobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from scaffold.transcript.events import ModelInfo, TokenChoice


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str


@dataclass(frozen=True)
class SamplingParams:
    """How to sample. `seed` makes a call reproducible on the same backend and model."""

    n: int = 1
    max_new_tokens: int = 64
    temperature: float = 0.7
    top_p: float = 1.0
    seed: int = 0
    stop: tuple[str, ...] = ()
    top_logprobs: int = 5


@dataclass(frozen=True)
class Generation:
    """One sampled continuation with per-token logprobs and top alternatives when offered."""

    text: str
    tokens: list[TokenChoice] = field(default_factory=list)
    finish_reason: str = "stop"
    prompt_tokens: int = 0
    reasoning: str | None = None
    """A reasoning model's thinking, kept apart from the answer in `text` (a server's
    `reasoning_content`, or what stood between `<think>` and `</think>`)."""

    def reasoning_attrs(self) -> dict[str, str]:
        """`{"reasoning": ...}` for a candidate's or state's attrs, when there is any."""
        return {"reasoning": self.reasoning} if self.reasoning else {}

    @property
    def n_tokens(self) -> int:
        return len(self.tokens)


class TextModel(Protocol):
    """A chat model. Backends: embedded transformers (GGUF), OpenAI-compatible HTTP."""

    info: ModelInfo

    @property
    def prefills(self) -> bool:
        """True when a final assistant message is continued (see `generate`)."""
        ...

    @property
    def numerics(self) -> str | None:
        """How the arithmetic runs (dtype, weight storage) if the backend knows; for the header."""
        ...

    def generate(self, messages: list[ChatMessage], params: SamplingParams) -> list[Generation]:
        """`params.n` continuations of the chat; raise BackendError on transport failures.

        A final `assistant` message is a prefill that the reply continues (its text is not
        part of the generation); a backend that cannot prefill appends it to the user turn.
        """
        ...


def prefill_in_user_turn(messages: list[ChatMessage]) -> list[ChatMessage]:
    """For backends that cannot prefill: a final assistant message moves to the end of the
    user turn before it, on its own line ("...Numbers: 4 9 10 13\nPossible next steps:\n")."""
    if len(messages) < 2 or messages[-1].role != "assistant" or messages[-2].role != "user":
        return messages
    user, prefill = messages[-2], messages[-1]
    return [*messages[:-2], ChatMessage("user", f"{user.content}\n{prefill.content}")]


class BackendError(Exception):
    """A backend failed (timeout, refused, 5xx). Loops record it as an `error` event."""
