"""One token per row drawn from its probabilities by the inverse CDF: one uniform per row.

`torch.multinomial(p, 1)` races one exponential per vocabulary entry (`argmax(p / q)`,
`q ~ Exp(1)`), 49,152 serial 64-bit draws and `log1p`s per row for SmolLM2, about a tenth of a
small model's decode step. Inverting the cumulative distribution needs one uniform per row:
the index `i` with `cum[i-1] <= u·total < cum[i]`, sums in float64 so that no token's share is
lost to rounding (the race rounds its exponentials to float32). Both draw exactly from `p`; for
a given seed they draw different tokens (docs/architecture.md: "one uniform a row").
"""

from __future__ import annotations

import torch


def sample_one(probs: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One index per row of `probs` (`[rows, vocab]`, non-negative, each row with a positive
    sum), drawn with probability proportional to its entry; zero entries are never drawn."""
    cum = probs.to(torch.float64).cumsum_(dim=-1)
    total = cum[:, -1:].contiguous()
    u = torch.rand((probs.shape[0], 1), dtype=torch.float64, generator=generator)
    picked = torch.searchsorted(cum, u.mul_(total), right=True)
    # u·total rounds up to the total only for u within an ulp of 1: the last positive entry
    return torch.minimum(picked, torch.searchsorted(cum, total))[:, 0]
