"""A KV cache written into pre-allocated tensors instead of grown by `torch.cat` every step.

transformers' DynamicCache concatenates each layer's keys and values with the new token at
every step (a copy of the whole cache, 60 per step for a 30-layer model). These layers hold
one buffer of `capacity` positions and hand attention a view of the filled part, so a step
writes one position. The attention inputs are the same numbers, so outputs are unchanged.
"""

from __future__ import annotations

from typing import Any

import torch
from transformers import DynamicCache
from transformers.cache_utils import DynamicLayer


class PreallocatedLayer(DynamicLayer):
    """One layer's keys and values, `[batch, heads, capacity, head_dim]`, filled left to right."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity
        self.length = 0
        self._keys = torch.empty(0)
        self._values = torch.empty(0)

    def lazy_initialization(self, key_states: torch.Tensor, value_states: torch.Tensor) -> None:
        self.dtype, self.device = key_states.dtype, key_states.device
        batch, heads, _, dim = key_states.shape
        shape = (batch, heads, self.capacity, dim)
        self._keys = torch.empty(shape, dtype=key_states.dtype, device=key_states.device)
        self._values = torch.empty(
            (batch, heads, self.capacity, value_states.shape[-1]),
            dtype=value_states.dtype, device=value_states.device,
        )
        self.is_initialized = True

    def update(
        self, key_states: torch.Tensor, value_states: torch.Tensor, *args: Any, **kwargs: Any
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        end = self.length + key_states.shape[-2]
        if end > self.capacity:
            raise ValueError(f"KV cache full: {end} positions > capacity {self.capacity}")
        self._keys[:, :, self.length : end] = key_states
        self._values[:, :, self.length : end] = value_states
        self.length = end
        self._expose()
        assert self.keys is not None and self.values is not None
        return self.keys, self.values

    def get_seq_length(self) -> int:
        return self.length

    def reset(self) -> None:
        self.length = 0
        super().reset()

    def crop(self, tokens_to_remove: int) -> None:
        raise NotImplementedError("PreallocatedLayer does not crop")

    def batch_repeat_interleave(self, repeats: int) -> None:
        if self.length:
            self._keys = _regrow(self._keys, self.length, lambda t: t.repeat_interleave(repeats, 0))
            self._values = _regrow(
                self._values, self.length, lambda t: t.repeat_interleave(repeats, 0)
            )
            self._expose()

    def batch_select_indices(self, indices: torch.Tensor) -> None:
        if self.length:
            self._keys = self._keys[indices]
            self._values = self._values[indices]
            self._expose()

    def _expose(self) -> None:
        self.keys = self._keys[:, :, : self.length]
        self.values = self._values[:, :, : self.length]


def _regrow(buffer: torch.Tensor, length: int, rows: Any) -> torch.Tensor:
    """A fresh buffer of the same capacity holding `rows(buffer[:, :, :length])`."""
    filled = rows(buffer[:, :, :length])
    out = buffer.new_empty((filled.shape[0], *buffer.shape[1:]))
    out[:, :, :length] = filled
    return out


def preallocated_cache(config: Any, capacity: int) -> DynamicCache:
    """A DynamicCache for `config` whose every layer holds `capacity` positions up front.

    A model whose layers are not all plain full-attention (sliding windows, linear attention)
    keeps transformers' own layers.
    """
    cache = DynamicCache(config=config)
    if cache.layers and all(type(layer) is DynamicLayer for layer in cache.layers):
        cache.layers = [PreallocatedLayer(capacity) for _ in cache.layers]
    return cache



def merge_left_padded(
    config: Any, caches: list[DynamicCache], repeats: list[int], capacity: int
) -> DynamicCache | None:
    """One cache holding several prompts' caches, each repeated to its rows and left-padded.

    Prompt g (length L_g) fills positions [P - L_g, P) of its rows, P the longest prompt; the
    padding is zero (finite, so a masked position adds exactly nothing) and the caller masks
    it. Returns None unless every cache is made of `PreallocatedLayer`s.
    """
    if not all(all(type(layer) is PreallocatedLayer for layer in c.layers) for c in caches):
        return None
    merged = preallocated_cache(config, capacity)
    layers = [[_preallocated(c.layers[i]) for c in caches] for i in range(len(merged.layers))]
    longest = max(part.length for part in layers[0])
    rows = sum(repeats)
    for layer, parts in zip(merged.layers, layers, strict=True):
        assert isinstance(layer, PreallocatedLayer)
        keys, values = parts[0]._keys, parts[0]._values
        layer.dtype, layer.device = keys.dtype, keys.device
        layer._keys = keys.new_zeros((rows, keys.shape[1], capacity, keys.shape[-1]))
        layer._values = values.new_zeros((rows, values.shape[1], capacity, values.shape[-1]))
        row = 0
        for part, n in zip(parts, repeats, strict=True):
            start = longest - part.length
            layer._keys[row : row + n, :, start:longest] = part._keys[:, :, : part.length]
            layer._values[row : row + n, :, start:longest] = part._values[:, :, : part.length]
            row += n
        layer.length = longest
        layer.is_initialized = True
        layer._expose()
    return merged


def _preallocated(layer: object) -> PreallocatedLayer:
    assert isinstance(layer, PreallocatedLayer)
    return layer
