"""One request's rows in a shared decode batch: its prompt, params, generator and results.

The embedded backend decodes several requests together (ToT's frontier nodes each asking for
K proposals). Each request keeps its own `torch.Generator`, seeded by its params, and draws
for its live rows exactly as a call of its own would; its rows stay contiguous in the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import torch

from scaffold.models.multinomial import sample_one
from scaffold.models.text_model import Generation, SamplingParams
from scaffold.transcript.events import TokenChoice

Decode = Callable[[list[int]], str]


class Recorder(Protocol):
    def __call__(self, rows: list[int], picked: torch.Tensor, logits: torch.Tensor, top_k: int,
                 ids: list[list[int]], tokens: list[list[TokenChoice]]) -> None: ...


class RowGroup:
    """The rows of one request: `live` lists the candidate index of each row still decoding."""

    def __init__(
        self, prompt_ids: list[int], params: SamplingParams, min_new_tokens: int, decode: Decode
    ) -> None:
        self.prompt_ids, self.params, self.min_new_tokens = prompt_ids, params, min_new_tokens
        k = params.n if params.n >= 1 and params.max_new_tokens >= 1 else 0
        self.live = list(range(k))
        self.generator = torch.Generator().manual_seed(params.seed)
        self.ids: list[list[int]] = [[] for _ in range(k)]
        self.tokens: list[list[TokenChoice]] = [[] for _ in range(k)]
        self.texts: list[str | None] = [None] * k  # text cut at a stop string
        self.finish = ["length"] * k
        self._decode = decode

    def pick(self, logits: torch.Tensor, position: int, eos_ids: list[int],
             record: Recorder) -> torch.Tensor:
        """Each live row's next token, recorded with its logprob and alternatives."""
        model_logits = logits
        if position < self.min_new_tokens and eos_ids:
            logits = logits.clone()
            logits[:, eos_ids] = float("-inf")
        picked = pick_tokens(logits, self.params, self.generator)
        record(self.live, picked, model_logits, self.params.top_logprobs, self.ids, self.tokens)
        return picked

    def advance(self, first_row: int, position: int, eos_ids: list[int]) -> list[int]:
        """End rows at EOS, a stop string or the token budget; the batch rows that go on."""
        keep: list[int] = []
        live: list[int] = []
        last = position == self.params.max_new_tokens - 1
        for offset, cand in enumerate(self.live):
            ids = self.ids[cand]
            if ids and ids[-1] in eos_ids:
                ids.pop()
                self.tokens[cand].pop()
                self.finish[cand] = "stop"
            elif self.params.stop and self._hits_stop(cand):
                self.finish[cand] = "stop"
            elif not last:
                keep.append(first_row + offset)
                live.append(cand)
        self.live = live
        return keep

    def _hits_stop(self, cand: int) -> bool:
        text = self._decode(self.ids[cand])
        found = (text.find(s) for s in self.params.stop if s)
        cut = min((i for i in found if i >= 0), default=-1)
        if cut < 0:
            return False
        self.texts[cand] = text[:cut]
        return True

    def generations(self) -> list[Generation]:
        prompt_tokens = len(self.prompt_ids)
        if not self.ids:
            return [Generation(text="", finish_reason="length", prompt_tokens=prompt_tokens)
                    ] * self.params.n
        return [
            Generation(
                text=text if (text := self.texts[c]) is not None else self._decode(self.ids[c]),
                tokens=self.tokens[c],
                finish_reason=self.finish[c],
                prompt_tokens=prompt_tokens,
            )
            for c in range(len(self.ids))
        ]


def row_starts(groups: list[RowGroup]) -> list[int]:
    """The first batch row of each group (groups are contiguous, in order)."""
    starts, row = [], 0
    for g in groups:
        starts.append(row)
        row += len(g.live)
    return starts


def pick_tokens(
    logits: torch.Tensor, params: SamplingParams, generator: torch.Generator
) -> torch.Tensor:
    """One token per row: greedy at temperature 0, else nucleus sampling from the scaled logits."""
    if params.temperature <= 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits / params.temperature, dim=-1)
    if params.top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)
        outside = sorted_probs.cumsum(dim=-1) - sorted_probs > params.top_p
        sorted_probs = sorted_probs.masked_fill(outside, 0.0)
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
    return sample_one(probs, generator)
