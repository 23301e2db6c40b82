"""The embedded backend: K candidates sampled as one batch from one encoding of the prompt.

The prompt runs through the model once; its KV cache is then repeated to K rows and all K
continuations decode together, one token per forward pass. Finished rows leave the batch.
Sampling draws from a `torch.Generator` seeded with `params.seed`, so the same seed and params
give the same outputs. Logprobs are the model's own (temperature 1) log-softmax, with the
top-k alternatives at every generated position.

Speed (docs/benchmarks.md): an fp32 model's linears run on packed weights, fp16-stored by
default (scaffold.models.packed_linear: ~1.7x faster decode, next-token KL ~4e-6), the KV
cache is written into pre-allocated tensors (scaffold.models.kv_cache), and logprobs are read
off the logits and one logsumexp per row instead of a full log-softmax.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch

from scaffold.models.kv_cache import preallocated_cache
from scaffold.models.openai_backend import LOGPROB_FLOOR
from scaffold.models.packed_linear import PackKind, best_pack_kind, pack_linears
from scaffold.models.text_model import BackendError, ChatMessage, Generation, SamplingParams
from scaffold.transcript.events import ModelInfo, TokenAlternative, TokenChoice


class TransformersTextModel:
    """A local causal LM (loaded by scaffold.models.load) behind the TextModel protocol."""

    def __init__(
        self, model: Any, tokenizer: Any, info: ModelInfo, *, pack: PackKind = "fp16"
    ) -> None:
        """`pack`: swap an fp32 model's linears for packed ones of that kind, in place (fp16
        falls back to fp32 packing where this torch lacks the kernel; non-fp32 models stay)."""
        self.pack_kind = best_pack_kind(model, pack)
        self.packed_linears = pack_linears(model, self.pack_kind)
        self.model = model
        self.tokenizer = tokenizer
        self.info = info
        self._eos_ids = _eos_ids(model, tokenizer)
        self._token_text: dict[int, str] = {}
        self._context = int(getattr(model.config, "max_position_embeddings", 0) or 0)
        self._cache_kw = _cache_keyword(model)

    @property
    def dtype(self) -> torch.dtype:
        return next(self.model.parameters()).dtype

    @property
    def prefills(self) -> bool:
        """Yes: `prompt_ids` ends a final assistant message without closing its turn."""
        return True

    @property
    def numerics(self) -> str:
        """What the arithmetic is, for the transcript header: dtype and how linears are stored."""
        dtype = str(self.dtype).removeprefix("torch.")
        weights = {
            "fp16": "linear weights fp16 (fbgemm), fp32 accumulation",
            "fp32": "linear weights fp32 (oneDNN packed)",
            "none": "linear weights as loaded",
        }[self.pack_kind]
        return f"{dtype}; {weights}"

    def generate(
        self, messages: list[ChatMessage], params: SamplingParams, *, min_new_tokens: int = 0
    ) -> list[Generation]:
        """`params.n` continuations of the chat; `min_new_tokens` suppresses EOS (benchmarks)."""
        return self.sample(self.prompt_ids(messages), params, min_new_tokens=min_new_tokens)

    def prompt_ids(self, messages: list[ChatMessage]) -> list[int]:
        """The chat rendered by the model's chat template (or a plain fallback), as token ids.

        A final assistant message is a prefill: the reply continues it.
        """
        chat = [{"role": m.role, "content": m.content} for m in messages]
        prefill = bool(messages) and messages[-1].role == "assistant"
        if getattr(self.tokenizer, "chat_template", None):
            text = self.tokenizer.apply_chat_template(
                chat, add_generation_prompt=not prefill, continue_final_message=prefill,
                tokenize=False,
            )
        else:
            turns = messages[:-1] if prefill else messages
            text = "".join(f"{m.role}: {m.content}\n" for m in turns) + "assistant:"
            text += f" {messages[-1].content}" if prefill else ""
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    @torch.inference_mode()
    def sample(
        self, prompt_ids: list[int], params: SamplingParams, *, min_new_tokens: int = 0
    ) -> list[Generation]:
        """Sample `params.n` continuations of `prompt_ids` in one batch."""
        with sampling_threads():
            return self._sample(prompt_ids, params, min_new_tokens=min_new_tokens)

    def _sample(
        self, prompt_ids: list[int], params: SamplingParams, *, min_new_tokens: int = 0
    ) -> list[Generation]:
        k = params.n
        if k < 1 or params.max_new_tokens < 1:
            return [Generation(text="", finish_reason="length", prompt_tokens=len(prompt_ids))] * k
        if not prompt_ids:
            raise BackendError("transformers backend: empty prompt")
        if self._context and len(prompt_ids) + params.max_new_tokens > self._context:
            raise BackendError(
                f"transformers backend: prompt of {len(prompt_ids)} tokens + "
                f"{params.max_new_tokens} new exceeds the model's context of {self._context}"
            )
        generator = torch.Generator().manual_seed(params.seed)
        cache = preallocated_cache(self.model.config, len(prompt_ids) + params.max_new_tokens)
        out = self.model(
            input_ids=torch.tensor([prompt_ids]), use_cache=True, logits_to_keep=1,
            **{self._cache_kw: cache},
        )
        cache.batch_repeat_interleave(k)
        logits = out.logits[:, -1, :].float().expand(k, -1)
        rows = list(range(k))  # candidate index of each row still in the batch
        ids: list[list[int]] = [[] for _ in range(k)]
        tokens: list[list[TokenChoice]] = [[] for _ in range(k)]
        texts: list[str | None] = [None] * k  # text cut at a stop string
        finish = ["length"] * k
        for position in range(params.max_new_tokens):
            model_logits = logits
            if position < min_new_tokens and self._eos_ids:
                logits = logits.clone()
                logits[:, self._eos_ids] = float("-inf")
            picked = _pick(logits, params, generator)
            self._record(rows, picked, model_logits, params.top_logprobs, ids, tokens)
            keep = []
            for row, cand in enumerate(rows):
                if ids[cand] and ids[cand][-1] in self._eos_ids:
                    ids[cand].pop()
                    tokens[cand].pop()
                    finish[cand] = "stop"
                elif params.stop and self._hits_stop(ids[cand], params.stop, texts, cand):
                    finish[cand] = "stop"
                else:
                    keep.append(row)
            if not keep or position == params.max_new_tokens - 1:
                break
            if len(keep) < len(rows):
                cache.batch_select_indices(torch.tensor(keep))
                picked = picked[keep]
                rows = [rows[row] for row in keep]
            out = self.model(
                input_ids=picked[:, None], use_cache=True, **{self._cache_kw: cache}
            )
            logits = out.logits[:, -1, :].float()
        return [
            Generation(
                text=text if (text := texts[c]) is not None else self._decode(ids[c]),
                tokens=tokens[c],
                finish_reason=finish[c],
                prompt_tokens=len(prompt_ids),
            )
            for c in range(k)
        ]

    def _record(
        self,
        rows: list[int],
        picked: torch.Tensor,
        logits: torch.Tensor,
        top_k: int,
        ids: list[list[int]],
        tokens: list[list[TokenChoice]],
    ) -> None:
        """Append each row's token with its logprob (logit - logsumexp) and the top-k."""
        norm = torch.logsumexp(logits, dim=-1, keepdim=True)
        chosen = (logits.gather(1, picked[:, None]) - norm).clamp(min=LOGPROB_FLOOR)[:, 0].tolist()
        top_values: list[list[float]] = [[] for _ in rows]
        top_ids: list[list[int]] = [[] for _ in rows]
        if top_k > 0:
            top = logits.topk(min(top_k, logits.shape[-1]), dim=-1)
            top_values = (top.values - norm).clamp(min=LOGPROB_FLOOR).tolist()
            top_ids = top.indices.tolist()
        for row, cand in enumerate(rows):
            token_id = int(picked[row])
            ids[cand].append(token_id)
            alternatives = [
                TokenAlternative(token=self._text_of(t), logprob=v)
                for t, v in zip(top_ids[row], top_values[row], strict=True)
            ]
            tokens[cand].append(
                TokenChoice(token=self._text_of(token_id), logprob=chosen[row], top=alternatives)
            )

    def _hits_stop(
        self, ids: list[int], stops: tuple[str, ...], texts: list[str | None], cand: int
    ) -> bool:
        text = self._decode(ids)
        cut = min((i for i in (text.find(s) for s in stops if s) if i >= 0), default=-1)
        if cut < 0:
            return False
        texts[cand] = text[:cut]
        return True

    def _decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    def _text_of(self, token_id: int) -> str:
        text = self._token_text.get(token_id)
        if text is None:
            text = str(self.tokenizer.decode([token_id]))
            self._token_text[token_id] = text
        return text


@contextmanager
def sampling_threads() -> Iterator[None]:
    """Sample on `MESASCOPE_SAMPLING_THREADS` torch threads (default 1).

    On a 2-core machine whose other core is busy (the TUI, a test, another job), two OpenMP
    threads wait on each other at every matmul: measured 16 ms per 576×576 linear with 2 threads
    against 0.15 ms with 1. A 4×33-token call took 16.4 s with 2 threads and 4.2 s with 1, and
    the prompt's prefill 9.8 s against 0.7 s (2026-11-22, 2-core EPYC under load).
    """
    before = torch.get_num_threads()
    torch.set_num_threads(int(os.environ.get("MESASCOPE_SAMPLING_THREADS", "1")))
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _pick(logits: torch.Tensor, params: SamplingParams, generator: torch.Generator) -> torch.Tensor:
    """One token per row: greedy at temperature 0, else nucleus sampling from the scaled logits."""
    if params.temperature <= 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits / params.temperature, dim=-1)
    if params.top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)
        outside = sorted_probs.cumsum(dim=-1) - sorted_probs > params.top_p
        sorted_probs = sorted_probs.masked_fill(outside, 0.0)
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
    # torch.multinomial races one exponential draw per vocabulary entry (~9 ms for 8×49152 rows,
    # ~9% of a decode step); an inverse-CDF draw takes 0.5 ms but consumes the generator
    # differently, so every seeded run's tokens would change. Kept for seed compatibility.
    return torch.multinomial(probs, 1, generator=generator)[:, 0]


def _eos_ids(model: Any, tokenizer: Any) -> list[int]:
    found: set[int] = set()
    for source in (getattr(model, "generation_config", None), model.config, tokenizer):
        value = getattr(source, "eos_token_id", None)
        if isinstance(value, int):
            found.add(value)
        elif isinstance(value, list | tuple):
            found.update(v for v in value if isinstance(v, int))
    return sorted(found)


def _cache_keyword(model: Any) -> str:
    """The forward's name for the KV cache: `cache` from transformers 5.x (which warns on the
    old name), `past_key_values` before."""
    params = inspect.signature(model.forward).parameters
    return "cache" if "cache" in params else "past_key_values"
