"""`torch.multinomial(probs, 1)`, the same draws bit for bit, faster (docs/benchmarks.md).

For one sample per row torch races one exponential per vocabulary entry: `argmax(p / q)` with
`q ~ Exp(1)`, drawn by `exponential_`. Its default CPU kernel draws each `q` serially as
`-log1p(-u)` in double (u from 53 random bits) and rounds it to the probabilities' dtype,
one vocabulary entry at a time, a sizeable part of a small model's decode step. Here the same
uniforms come from `uniform_` on a double tensor (one 64-bit draw each, the same generator
stream) and `log1p` runs vectorised. Where `exponential_` draws differently (torch also has an
MKL path) the self-check fails and torch's own multinomial is used: either way a seed gives
the tokens `torch.multinomial` would.
"""

from __future__ import annotations

import functools

import torch


def sample_one(probs: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One index per row of `probs` (`[rows, vocab]`), exactly as `torch.multinomial` draws it."""
    if not same_draws_as_torch():
        return torch.multinomial(probs, 1, generator=generator)[:, 0]
    return probs.div(_exponentials(probs.shape, probs.dtype, generator)).argmax(dim=-1)


def _exponentials(shape: torch.Size, dtype: torch.dtype, generator: torch.Generator
                  ) -> torch.Tensor:
    uniform = torch.empty(shape, dtype=torch.float64).uniform_(generator=generator)
    return uniform.neg_().log1p_().neg_().to(dtype)


@functools.cache
def same_draws_as_torch() -> bool:
    """True when this build's `exponential_` is the serial double kernel reproduced here."""
    theirs = torch.Generator().manual_seed(12345)
    ours = torch.Generator().manual_seed(12345)
    expected = torch.empty(4096).exponential_(generator=theirs)
    return bool(torch.equal(_exponentials(expected.shape, expected.dtype, ours), expected)
                and torch.equal(theirs.get_state(), ours.get_state()))
