"""One decode step of a Llama-family model in plain tensor ops, without transformers' layers.

A decode step of a small model spends much of its time outside the matmuls: transformers'
per-layer modules, keyword plumbing, cache objects and mask building run ~30 Python calls per
layer. This step reads the same weights (the model's own, packed, linear modules) and the
same pre-allocated KV cache (scaffold.models.kv_cache) and runs the same arithmetic op for op:
RMSNorm as `w * (h * rsqrt(mean(h²) + eps))`, rotary embedding as `x·cos + rotate_half(x)·sin`
(the half swap and its sign folded into a signed sine: `(-a)·s` and `a·(-s)` are the same
float), one-token grouped attention (scaffold.models.decode_attention), SiLU-gated MLP. Keys
are written straight into the cache. Prompts still run through transformers.

Only models it can reproduce exactly are taken (`lean_decoder` returns None otherwise):
Llama/Mistral/Qwen2-style layers with default rotary embedding and SiLU, every cache layer
pre-allocated. Tests check its logits against transformers' decode step bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from transformers import DynamicCache

from scaffold.models.gemm_lanes import run_lanes
from scaffold.models.kv_cache import PreallocatedLayer

MODEL_TYPES = ("llama", "mistral", "qwen2")


@dataclass(frozen=True)
class _Layer:
    norm1: torch.Tensor
    qkv: Any
    o: Any
    norm2: torch.Tensor
    gate_up: Any
    down: Any


class LeanDecoder:
    """The decode step of one loaded model: `step(tokens, cache, ...)` gives next-token logits."""

    def __init__(self, model: Any) -> None:
        config = model.config
        inner = model.model
        self.heads = config.num_attention_heads
        self.kv_heads = config.num_key_value_heads or self.heads
        self.head_dim = (getattr(config, "head_dim", None)
                         or config.hidden_size // config.num_attention_heads)
        self.eps = float(config.rms_norm_eps)
        self.scaling = self.head_dim**-0.5
        self.embed = inner.embed_tokens
        self.layers = [
            _Layer(
                norm1=layer.input_layernorm.weight,
                qkv=_together(layer.self_attn.q_proj, layer.self_attn.k_proj,
                              layer.self_attn.v_proj),
                o=_call(layer.self_attn.o_proj),
                norm2=layer.post_attention_layernorm.weight,
                gate_up=_together(layer.mlp.gate_proj, layer.mlp.up_proj),
                down=_call(layer.mlp.down_proj),
            )
            for layer in inner.layers
        ]
        self.final_norm = inner.norm.weight
        # the two-lane op where the layers' GEMMs use it: attention then splits its rows too
        self.lanes = getattr(inner.layers[0].self_attn.o_proj, "lanes", None)
        self.lm_head = _call(model.lm_head)
        rotary = inner.rotary_emb
        self.inv_freq = rotary.inv_freq.float()
        self.rope_scaling = float(rotary.attention_scaling)

    def _rope(self, positions: torch.Tensor, dtype: torch.dtype
              ) -> tuple[torch.Tensor, torch.Tensor]:
        """cos and the signed sine, `[rows or 1, 1, head_dim]`, as transformers computes them."""
        freqs = positions[..., None].float() * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = (emb.cos() * self.rope_scaling).to(dtype)
        sin = (emb.sin() * self.rope_scaling).to(dtype)
        half = self.head_dim // 2
        sin[..., :half].neg_()
        return cos.view(-1, 1, self.head_dim), sin.view(-1, 1, self.head_dim)

    def _norm(self, h: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
        scale = h.pow(2).mean(-1, keepdim=True).add_(self.eps).rsqrt_()
        return (h * scale).mul_(weight)

    def _rotate(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor,
                out: torch.Tensor | None = None) -> torch.Tensor:
        half = self.head_dim // 2
        swapped = torch.cat((x[..., half:], x[..., :half]), dim=-1)
        rotated = x * cos
        swapped.mul_(sin)
        if out is None:
            return rotated.add_(swapped)
        return torch.add(rotated, swapped, out=out)

    def step(self, tokens: torch.Tensor, cache: DynamicCache, positions: torch.Tensor,
             keep: torch.Tensor | None = None) -> torch.Tensor:
        """Logits `[rows, vocab]` after feeding `tokens` (`[rows]`) at `positions` (`[rows]`
        or `[1]`), each row attending to its cached positions where `keep` (`[rows, length]`,
        bool, the length after this token) is true; writes the new keys and values into
        `cache`, whose layers must all be `PreallocatedLayer`s."""
        rows = tokens.shape[0]
        heads, kv_heads, dim = self.heads, self.kv_heads, self.head_dim
        group = heads // kv_heads
        # through the module, so its hooks see the step; a copy, as the residual is updated in place
        h = self.embed(tokens[:, None]).view(rows, -1).clone()
        cos, sin = self._rope(positions, h.dtype)
        mask = None if keep is None else ~keep[:, None, None, :]
        for spec, layer in zip(self.layers, cache.layers, strict=True):
            assert isinstance(layer, PreallocatedLayer)
            start = layer.length
            end = start + 1
            x = self._norm(h, spec.norm1)
            q_out, k_out, v_out = spec.qkv(x)
            q = self._rotate(q_out.view(rows, heads, dim), cos, sin)
            self._rotate(k_out.view(rows, kv_heads, dim), cos, sin, out=layer._keys[:, :, start])
            layer._values[:, :, start] = v_out.view(rows, kv_heads, dim)
            layer.length = end
            keys, values = layer._keys[:, :, :end], layer._values[:, :, :end]
            grouped = q.view(rows, kv_heads, group, dim)
            if self.lanes is not None:  # the same ops, half the rows on each of two threads
                attn = self.lanes.attend(grouped, keys, values, self.scaling, mask)
            else:
                scores = torch.matmul(grouped, keys.transpose(2, 3))
                scores.mul_(self.scaling)
                if mask is not None:
                    scores.masked_fill_(mask, float("-inf"))
                attn = torch.matmul(torch.softmax(scores, dim=-1), values)
            attn = attn.view(rows, heads * dim)
            h = h.add_(spec.o(attn))
            x = self._norm(h, spec.norm2)
            gate, up = spec.gate_up(x)
            h = h.add_(spec.down(torch.nn.functional.silu(gate, inplace=True).mul_(up)))
        for layer in cache.layers:
            assert isinstance(layer, PreallocatedLayer)
            layer._expose()
        return self.lm_head(self._norm(h, self.final_norm))


def _call(module: torch.nn.Module) -> Any:
    """The module's forward, without `nn.Module.__call__`'s hook machinery."""
    return module.forward


def _together(*modules: torch.nn.Module) -> Any:
    """`x -> tuple of each module's output`. Where the modules are fp16 linears sharing the
    two-lane op (scaffold.models.gemm_lanes), all their GEMMs run in one call: a column-split
    module's first block on one thread and its second on the other, an unsplit module on the
    lane with fewer columns so far (q, k, v: q's first block and v against q's second and k;
    gate, up: their first blocks against their second). Outputs are the modules' own bits."""
    calls = [_call(m) for m in modules]
    op = getattr(modules[0], "lanes", None)
    blocks: list[list[tuple[torch.Tensor, torch.Tensor]]] = [
        getattr(m, "blocks", []) for m in modules]
    if op is None or any(getattr(m, "lanes", None) is not op or not b
                         for m, b in zip(modules, blocks, strict=True)):
        return lambda x: tuple(call(x) for call in calls)
    lanes: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])  # (module, block)
    columns = [0, 0]
    for m in sorted(range(len(modules)), key=lambda m: -len(blocks[m])):
        for i, (_, bias) in enumerate(blocks[m]):
            lane = i if len(blocks[m]) == 2 else int(columns[1] < columns[0])
            lanes[lane].append((m, i))
            columns[lane] += bias.shape[0]
    placed = lanes[0] + lanes[1]
    first = [blocks[m][i] for m, i in lanes[0]]
    second = [blocks[m][i] for m, i in lanes[1]]
    order = [[placed.index((m, i)) for i in range(len(blocks[m]))] for m in range(len(modules))]

    def run(x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        outs = run_lanes(op, x, first, second)
        return tuple(outs[ix[0]] if len(ix) == 1 else torch.cat([outs[i] for i in ix], dim=-1)
                     for ix in order)

    return run


def lean_decoder(model: Any) -> LeanDecoder | None:
    """A LeanDecoder for `model` when its layers are the kind this step reproduces, else None."""
    config = getattr(model, "config", None)
    if config is None or getattr(config, "model_type", None) not in MODEL_TYPES:
        return None
    rope = getattr(config, "rope_parameters", None) or {}
    if rope.get("rope_type", "default") != "default" or config.hidden_act != "silu":
        return None
    if getattr(config, "sliding_window", None) and getattr(config, "use_sliding_window", True):
        return None
    inner = getattr(model, "model", None)
    layers = getattr(inner, "layers", None)
    if not layers or not all(
        hasattr(layer, "self_attn") and hasattr(layer, "mlp")
        and type(layer.input_layernorm).__name__.endswith("RMSNorm")
        for layer in layers
    ):
        return None
    if getattr(layers[0].self_attn, "q_norm", None) is not None:
        return None  # per-head query/key norms (Qwen3-style): not this arithmetic
    return LeanDecoder(model)
