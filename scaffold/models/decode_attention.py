"""Attention for one new token per row: two small matmuls instead of the flash kernel.

A decode step attends one query per row to the row's whole KV cache. torch's CPU flash kernel
(`sdpa`) is tiled for long queries; with one query much of its time is setup. Here the query
heads that share a key/value head are stacked into one matrix, so grouped-query attention
needs no repeated keys: scores, softmax and the weighted sum are one batched matmul each, all
in the model's dtype. Prompts (more than one query) keep transformers' `sdpa` path. Same
inputs as `sdpa`, different summation order: outputs agree to rounding
(tests/test_decode_kernels.py).
"""

from __future__ import annotations

from typing import Any

import torch
from transformers import AttentionInterface
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, sdpa_mask

NAME = "mesascope_decode"


def decode_attention(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    dropout: float = 0.0,
    scaling: float | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """`[batch, heads, 1, dim]` queries over `[batch, kv_heads, length, dim]` keys and values;
    returns `[batch, 1, heads, dim]` as transformers' attention functions do."""
    batch, heads, queries, dim = query.shape
    if queries != 1 or dropout or kwargs.get("softcap") is not None:
        return sdpa_attention_forward(module, query, key, value, attention_mask,
                                      dropout=dropout, scaling=scaling, **kwargs)
    kv_heads = key.shape[1]
    q = query.reshape(batch, kv_heads, heads // kv_heads, dim)
    scores = torch.matmul(q, key.transpose(2, 3))
    scores.mul_(dim**-0.5 if scaling is None else scaling)
    if attention_mask is not None:
        mask = attention_mask[:, :, -1:, : key.shape[2]]  # [batch, 1, 1, length]
        if mask.dtype == torch.bool:
            scores.masked_fill_(~mask, float("-inf"))
        else:
            scores.add_(mask)
    probs = torch.softmax(scores, dim=-1)
    out = torch.matmul(probs, value)  # [batch, kv_heads, group, dim]
    return out.reshape(batch, 1, heads, dim), None


def use_decode_attention(model: Any) -> bool:
    """Switch a model that runs `sdpa` to this attention (same masks); True when switched."""
    if getattr(model.config, "_attn_implementation", None) != "sdpa":
        return False
    AttentionInterface.register(NAME, decode_attention)
    ALL_MASK_ATTENTION_FUNCTIONS.register(NAME, sdpa_mask)
    model.set_attn_implementation(NAME)
    return True
