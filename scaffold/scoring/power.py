"""Power of the selection test at the recorded candidate sets, by simulation under a fixed β.

The alternative is Plackett–Luce selection on the recorded scores with the β whose expected ū is
0.75, so ties and small candidate sets lower the power exactly as they lower the information.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from scaffold.scoring.choice_model import ChoiceModel
from scaffold.scoring.json_real import Real
from scaffold.scoring.selection_test import ALPHA, SelectionTest, p_upper

TARGET_U = 0.75
LARGE_N = 200


@dataclass(frozen=True)
class PowerResult:
    """Power to detect ū = target at alpha, and the smallest ū this n could call significant."""

    power: Real
    target_u: Real
    alpha: Real
    beta_star: Real
    reachable: bool
    min_detectable_u: Real
    method: str


def selection_power(
    model: ChoiceModel,
    test: SelectionTest,
    *,
    target: float = TARGET_U,
    alpha: float = ALPHA,
    reps: int = 400,
    seed: int = 0,
) -> PowerResult:
    if model.n == 0 or test.draws == 0:
        return PowerResult(0.0, target, alpha, 0.0, False, float("nan"), "none")
    mdu = test.critical_u(alpha)
    if model.n >= LARGE_N:
        sd = float(np.sqrt(test.null_var.sum())) / model.n
        reach = model.expected_u_bar(model.cap)
        alt = min(target, reach)
        power = float(norm.cdf((alt - 0.5 - norm.ppf(1 - alpha) * sd) / max(sd, 1e-12)))
        return PowerResult(power, target, alpha, float("nan"), reach >= target, mdu, "normal")
    noise = model.common_noise(128, seed)
    beta = model.beta_for_u(target, noise)
    reachable = model.expected_u_bar(beta, noise) >= target - 0.01
    sims = model.simulate_u_bar(beta, reps, np.random.default_rng(seed + 1))
    power = float(np.mean(p_upper(sims, test.null) < alpha))
    return PowerResult(power, target, alpha, beta, bool(reachable), mdu, "simulation")
