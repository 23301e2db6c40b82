"""The `interventions` block of a report: does a loop's behaviour follow its evaluation?

Pairs of forks (an intervened arm and an unchanged control, same step, same seed) are compared
per seed: the outcome (final objective, solved rate), how often both arms made the same
choices, and whether the intervened arm's choices follow the replaced scores more than the
control's follow the same kind of replaced scores (recorded in both arms, used in one). The
last is tested by a paired sign-flip permutation test over seeds: a loop that ignores its
evaluation makes the same choices in both arms, so every difference is exactly zero.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict
from scipy.stats import t as student_t

from scaffold.scoring.json_real import Real

FOLLOW_ALPHA = 0.01
"""A replaced evaluator is followed when the paired test's p is below this."""
EXACT_MAX_SEEDS = 16
"""Up to this many seeds the sign-flip test enumerates every sign pattern."""
MC_DRAWS = 20_000
CI_LEVEL = 0.95


class Effect(BaseModel):
    """A paired outcome: each arm's mean over seeds, their difference and its CI."""

    model_config = ConfigDict(frozen=True)

    intervened: Real | None = None
    control: Real | None = None
    effect: Real | None = None
    ci: tuple[Real, Real] | None = None
    n_seeds: int = 0


class InterventionStats(BaseModel):
    """Everything `score` says about one intervention kind."""

    model_config = ConfigDict(frozen=True)

    kind: str
    scorer: str | None
    """Where the replaced scores are recorded (`intervened:shuffle`); None for a retarget."""
    n_pairs: int
    n_seeds: int
    from_steps: list[int]
    objective: Effect
    solved: Effect
    agreement: Real | None
    """Share of aligned decisions (k-th of each arm) at which both arms chose the same."""
    u_intervened: Real | None
    """ū of the intervened arm's choices against the replaced scores it selected on."""
    u_control: Real | None
    """ū of the control's choices against the replaced scores it recorded but did not use."""
    u_effect: Effect
    n_decisions: int
    p_value: Real | None
    """Paired sign-flip permutation test over seeds (one-sided: the intervened arm follows)."""
    follows: bool
    reach_by_step: dict[int, Real]
    """Solved rate of the intervened arm by the step it forked from."""
    last_reaching_step: int | None
    """The last fork step from which the intervened arm still reaches its objective in most
    seeds (for a retarget: commitment, measured causally)."""
    flip: Effect | None = None
    """`critique` only: how often the choice differs from the unedited reference, after the
    opposite critique (intervened) and after a same-length edit elsewhere (control); then
    `p_value` and `follows` test the first against the second."""


def paired_mean_ci(values: Sequence[float]) -> tuple[float, float] | None:
    """Student-t interval of the mean over seeds (None under two seeds)."""
    x = np.asarray(values, float)
    if len(x) < 2:
        return None
    sd = float(x.std(ddof=1))
    half = float(student_t.ppf(0.5 + CI_LEVEL / 2, len(x) - 1)) * sd / math.sqrt(len(x))
    mean = float(x.mean())
    return (mean - half, mean + half)


def sign_flip_p(diffs: Sequence[float], seed: int = 0) -> float:
    """One-sided p of mean(diffs) > 0 under random signs: exact up to EXACT_MAX_SEEDS values,
    Monte Carlo (with the +1 correction) beyond."""
    d = np.asarray(diffs, float)
    if len(d) == 0:
        return 1.0
    observed = d.mean() - 1e-12
    if len(d) <= EXACT_MAX_SEEDS:
        signs = np.array(list(itertools.product((1.0, -1.0), repeat=len(d))))
        return float(np.mean((signs @ d) / len(d) >= observed))
    rng = np.random.default_rng(seed)
    signs = rng.choice((1.0, -1.0), size=(MC_DRAWS, len(d)))
    hits = int(np.count_nonzero((signs @ d) / len(d) >= observed))
    return (1.0 + hits) / (MC_DRAWS + 1.0)


def effect_of(pairs: Sequence[tuple[float | None, float | None]]) -> Effect:
    """Means of each arm, and the paired difference with its CI, over seeds."""
    both = [(a, b) for a, b in pairs if a is not None and b is not None]
    if not both:
        return Effect()
    a, b = np.array(both, float).T
    diff = a - b
    return Effect(intervened=float(a.mean()), control=float(b.mean()),
                  effect=float(diff.mean()), ci=paired_mean_ci(diff), n_seeds=len(both))
