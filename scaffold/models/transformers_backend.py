"""The embedded backend: K candidates sampled as one batch from one encoding of the prompt.

The prompt runs through the model once; its KV cache is then repeated to K rows and all K
continuations decode together, one token per forward pass. Finished rows leave the batch.
Sampling draws from a `torch.Generator` seeded with `params.seed`, so the same seed and params
give the same outputs. Logprobs are the model's own (temperature 1) log-softmax, with the
top-k alternatives at every generated position.

Several requests can share one batch (`sample_many`, scaffold.models.row_group): each keeps
its own generator and draws as its own call would.

Speed (docs/benchmarks.md): an fp32 model's linears run on packed weights, fp16-stored by
default (scaffold.models.packed_linear: faster decode at a negligible next-token KL), one new
token attends with grouped matmuls (scaffold.models.decode_attention), the KV cache is written
into pre-allocated tensors (scaffold.models.kv_cache), a token is drawn with one uniform per
row by the inverse CDF (scaffold.models.multinomial), and logprobs are read off the
logits and one logsumexp per row instead of a full log-softmax. A Llama-family model decodes
by the lean step (scaffold.models.lean_decode): transformers' arithmetic, bit for bit, without
its per-layer Python.
"""

from __future__ import annotations

import inspect
from typing import Any

import torch
from transformers import DynamicCache

from scaffold.models.decode_attention import use_decode_attention
from scaffold.models.kv_cache import PreallocatedLayer, merge_left_padded, preallocated_cache
from scaffold.models.lean_decode import LeanDecoder, lean_decoder
from scaffold.models.openai_backend import LOGPROB_FLOOR
from scaffold.models.packed_linear import PackKind, best_pack_kind, pack_linears
from scaffold.models.row_group import RowGroup, row_starts
from scaffold.models.text_model import BackendError, ChatMessage, Generation, SamplingParams
from scaffold.models.threads import sampling_threads, wanted_threads
from scaffold.transcript.events import ModelInfo, TokenAlternative, TokenChoice


class TransformersTextModel:
    """A local causal LM (loaded by scaffold.models.load) behind the TextModel protocol."""

    def __init__(
        self, model: Any, tokenizer: Any, info: ModelInfo, *, pack: PackKind = "fp16"
    ) -> None:
        """`pack`: swap an fp32 model's linears for packed ones of that kind, in place (fp16
        falls back to fp32 packing where this torch lacks the kernel; non-fp32 models stay).
        A packed model also attends one new token with grouped matmuls (decode_attention);
        `pack="none"` keeps the model exactly as loaded."""
        self.pack_kind = best_pack_kind(model, pack)
        self.packed_linears = pack_linears(model, self.pack_kind, split=wanted_threads() > 1)
        self.decode_attention = self.pack_kind != "none" and use_decode_attention(model)
        self.lean: LeanDecoder | None = lean_decoder(model) if self.decode_attention else None
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
        attention = "; one-token attention as grouped matmuls" if self.decode_attention else ""
        return f"{dtype}; {weights}{attention}"

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
        return self.sample_many([(prompt_ids, params)], min_new_tokens=min_new_tokens)[0]

    def generate_many(
        self, requests: list[tuple[list[ChatMessage], SamplingParams]]
    ) -> list[list[Generation]]:
        """Several chats' continuations decoded as one batch (scaffold.models.batched)."""
        return self.sample_many([(self.prompt_ids(m), p) for m, p in requests])

    @torch.inference_mode()
    def sample_many(
        self, requests: list[tuple[list[int], SamplingParams]], *, min_new_tokens: int = 0
    ) -> list[list[Generation]]:
        """Each request's `params.n` continuations, all rows decoding together.

        Every request keeps its own generator (seeded by its params), and its rows draw from
        it exactly as a call of its own would, so a request's tokens differ from its own
        call's only where the shared batch changes the arithmetic: rounding in the padded
        attention of prompts of different lengths.
        """
        with sampling_threads():
            groups = [self._group(ids, params, min_new_tokens) for ids, params in requests]
            live = [g for g in groups if g.live]
            if live:
                self._run(live)
            return [g.generations() for g in groups]

    def _group(self, prompt_ids: list[int], params: SamplingParams, min_new: int) -> RowGroup:
        if params.n >= 1 and params.max_new_tokens >= 1:
            if not prompt_ids:
                raise BackendError("transformers backend: empty prompt")
            if self._context and len(prompt_ids) + params.max_new_tokens > self._context:
                raise BackendError(
                    f"transformers backend: prompt of {len(prompt_ids)} tokens + "
                    f"{params.max_new_tokens} new exceeds the model's context of {self._context}"
                )
        return RowGroup(prompt_ids, params, min_new, self._decode)

    def _prefill(self, group: RowGroup, capacity: int) -> tuple[DynamicCache, torch.Tensor]:
        """The prompt through the model once, on one row: its cache and last logits."""
        cache = preallocated_cache(self.model.config, capacity)
        out = self.model(
            input_ids=torch.tensor([group.prompt_ids]), use_cache=True, logits_to_keep=1,
            **{self._cache_kw: cache},
        )
        return cache, out.logits[:, -1, :].float()

    def _run(self, groups: list[RowGroup]) -> None:
        """Decode every group's rows together until each row stops."""
        longest = max(len(g.prompt_ids) for g in groups)
        steps = max(g.params.max_new_tokens for g in groups)
        extra: dict[str, torch.Tensor] = {}
        if len(groups) == 1:
            group = groups[0]
            cache, last = self._prefill(group, longest + steps)
            cache.batch_repeat_interleave(len(group.live))
            logits = last.expand(len(group.live), -1)
            pad = positions = None
        else:
            prefills = [self._prefill(g, len(g.prompt_ids)) for g in groups]
            merged = merge_left_padded(self.model.config, [c for c, _ in prefills],
                                       [len(g.live) for g in groups], longest + steps)
            if merged is None:  # a cache of another kind (sliding windows): one call each
                for g in groups:
                    self._run([g])
                return
            cache = merged
            logits = torch.cat([lg.expand(len(g.live), -1)
                                for g, (_, lg) in zip(groups, prefills, strict=True)])
            lengths = torch.tensor([len(g.prompt_ids) for g in groups for _ in g.live])
            positions = lengths[:, None]
            pad = torch.arange(longest + steps)[None, :] >= (longest - lengths)[:, None]
        for position in range(steps):
            starts = row_starts(groups)
            picked = torch.cat([
                g.pick(logits[start : start + len(g.live)], position, self._eos_ids, self._record)
                for g, start in zip(groups, starts, strict=True)
            ])
            keep = [row for g, start in zip(groups, starts, strict=True)
                    for row in g.advance(start, position, self._eos_ids)]
            groups = [g for g in groups if g.live]
            if not keep:
                break
            if len(keep) < picked.shape[0]:
                index = torch.tensor(keep)
                cache.batch_select_indices(index)
                picked = picked[index]
                if pad is not None and positions is not None:
                    pad, positions = pad[index], positions[index]
            if pad is not None and positions is not None:
                extra = {"attention_mask": pad[:, : longest + position + 1],
                         "position_ids": positions + position}
            logits = self._step(picked, cache, extra)

    def _step(self, picked: torch.Tensor, cache: DynamicCache, extra: dict[str, torch.Tensor]
              ) -> torch.Tensor:
        """Next-token logits `[rows, vocab]` after `picked`: the lean step where the model
        has one (the same arithmetic without transformers' layers), else the model's forward."""
        if self.lean is not None and all(type(x) is PreallocatedLayer for x in cache.layers):
            positions = extra.get("position_ids")
            keep = extra.get("attention_mask")
            if positions is None:
                positions = torch.tensor([cache.get_seq_length()])
            return self.lean.step(picked, cache, positions.view(-1), keep).float()
        out = self.model(
            input_ids=picked[:, None], use_cache=True, **{self._cache_kw: cache}, **extra
        )
        return out.logits[:, -1, :].float()

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

    def _decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    def _text_of(self, token_id: int) -> str:
        text = self._token_text.get(token_id)
        if text is None:
            text = str(self.tokenizer.decode([token_id]))
            self._token_text[token_id] = text
        return text



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
