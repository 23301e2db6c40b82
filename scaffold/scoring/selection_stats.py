"""Everything the card says about selection under one scorer: test, effect sizes, power."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scaffold.scoring.choice_model import BETA_CAP, ChoiceModel
from scaffold.scoring.decisions import RaggedScores
from scaffold.scoring.effects import block_bootstrap_ci, excess_op_bits, selection_differentials
from scaffold.scoring.json_real import Real
from scaffold.scoring.power import PowerResult, selection_power
from scaffold.scoring.selection_test import midrank_percentiles, selection_test

BOOTSTRAP_MIN_N = 30


@dataclass(frozen=True)
class SelectionStats:
    """The primary test and its effect sizes for one scorer."""

    scorer: str
    kind: str
    n_decisions: int
    u_bar: Real | None
    u_ci: tuple[Real, Real] | None
    u_ci_method: str | None
    p_value: Real
    p_lower: Real
    z: Real | None
    differential: Real | None
    op_bits: Real | None
    op_fraction: Real | None
    beta: Real | None
    beta_ci: tuple[Real, Real] | None
    beta_capped: bool
    beta_approximate: bool
    lr_p: Real | None
    draws: int


def empty_stats(scorer: str, kind: str) -> SelectionStats:
    return SelectionStats(scorer, kind, 0, None, None, None, 1.0, 1.0, None, None, None, None,
                          None, None, False, False, None, 0)


def selection_stats(
    r: RaggedScores,
    scorer: str,
    kind: str,
    *,
    draws: int = 2000,
    seed: int = 0,
    with_power: bool = True,
    cap: float = BETA_CAP,
) -> tuple[SelectionStats, PowerResult | None]:
    """Run the permutation test and compute every effect size on informative decisions `r`."""
    if r.n == 0:
        return empty_stats(scorer, kind), None
    u = midrank_percentiles(r)
    test = selection_test(r, draws=draws, seed=seed, u=u)
    diffs = selection_differentials(r)
    excess, best = excess_op_bits(r)
    model = ChoiceModel(r, u, cap)
    fit = model.fit()
    if r.n >= BOOTSTRAP_MIN_N:
        u_ci = block_bootstrap_ci(test.per_decision, seed=seed)
        method = "moving-block-bootstrap"
    else:
        noise = model.common_noise(256, seed)
        u_ci = (model.expected_u_bar(fit.ci[0], noise), model.expected_u_bar(fit.ci[1], noise))
        method = "logit-profile"
    power = selection_power(model, test, seed=seed) if with_power else None
    finite = diffs[np.isfinite(diffs)]
    max_bits = float(best.sum())
    stats = SelectionStats(
        scorer=scorer,
        kind=kind,
        n_decisions=r.n,
        u_bar=test.u_bar,
        u_ci=(float(u_ci[0]), float(u_ci[1])),
        u_ci_method=method,
        p_value=test.p_value,
        p_lower=test.p_lower,
        z=float(test.z),
        differential=float(finite.mean()) if len(finite) else None,
        op_bits=float(excess.mean()),
        op_fraction=float(excess.sum() / max_bits) if max_bits > 0 else None,
        beta=fit.beta,
        beta_ci=fit.ci,
        beta_capped=fit.capped,
        beta_approximate=fit.approximate,
        lr_p=fit.lr_p,
        draws=test.draws,
    )
    return stats, power
