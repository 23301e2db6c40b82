"""The memory-bandwidth roofline of a decode step: bytes streamed per step and a copy benchmark.

A batched decode step reads every linear weight once, whatever the number of rows, plus each
row's KV cache; at small batches that reading, not arithmetic, bounds the step. `copy_gb_s`
times `dst.copy_(src)` on buffers far larger than the caches and counts bytes read plus
written, the usual STREAM-copy convention; `read_gb_s` times a sum over one buffer.

With several rows the arithmetic can bind before the bytes do: `linears_steps_s` times every
linear layer of a step in turn (the step's weights streaming from memory as in a real step,
nothing else), a ceiling no change outside the GEMM kernel can pass.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import torch

BUFFER_BYTES = 256 * 2**20


def bandwidth(threads: int, seconds: float = 1.0) -> dict[str, float]:
    """Median copy and read bandwidth in GB/s on `threads` torch threads."""
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        src = torch.ones(BUFFER_BYTES // 4)
        dst = torch.empty_like(src)
        copies = _rates(lambda: dst.copy_(src), 2 * BUFFER_BYTES, seconds)
        reads = _rates(lambda: src.sum(), BUFFER_BYTES, seconds)
    finally:
        torch.set_num_threads(before)
    return {"copy_gb_s": statistics.median(copies), "read_gb_s": statistics.median(reads)}


def _rates(fn: Any, nbytes: int, seconds: float) -> list[float]:
    fn()
    rates: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(rates) < 3:
        t0 = time.perf_counter()
        fn()
        rates.append(nbytes / (time.perf_counter() - t0) / 1e9)
    return rates


def linears_steps_s(model: torch.nn.Module, rows: int, seconds: float = 2.0) -> float:
    """Median rate of passes over every linear layer of `model` in module order (one decode
    step's GEMMs and nothing else), `rows` rows of random activations each."""
    linears = [m for m in model.modules()
               if hasattr(m, "in_features") and hasattr(m, "out_features")]
    inputs = {n: torch.randn(rows, n) for n in {m.in_features for m in linears}}

    def step() -> None:
        for m in linears:
            m(inputs[m.in_features])

    with torch.inference_mode():
        rates = _rates(step, 10**9, seconds)  # "GB" of 10**9 bytes per call: calls per second
    return statistics.median(rates)


def kv_bytes_per_step(config: Any, rows: int, context: float) -> float:
    """fp32 keys and values every row reads at one decode step over `context` positions."""
    heads = getattr(config, "num_key_value_heads", None) or config.num_attention_heads
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
    return rows * config.num_hidden_layers * 2 * heads * head_dim * context * 4
