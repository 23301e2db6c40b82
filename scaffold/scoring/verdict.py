"""The gated verdict ladder and the descriptive type label.

Only the permutation test decides search. A significant result needs no power gate; a
non-significant one with power < 0.5 to detect ū = 0.75 is `insufficient-data`, not absence.
"""

from __future__ import annotations

from scaffold.scoring.breadth import Breadth
from scaffold.scoring.power import PowerResult
from scaffold.scoring.selection_stats import SelectionStats
from scaffold.scoring.structure import Shape
from scaffold.scoring.trends import Progress

ALPHA = 0.01
STRONG_ALPHA = 0.001
STRONG_U_LOWER = 0.6
MIN_BREADTH = 1.5
MIN_POWER = 0.5


def decide(
    regime: str,
    sel: SelectionStats | None,
    power: PowerResult | None,
    breadth: Breadth,
    progress: Progress | None,
) -> str:
    if regime == "C":
        return "undetermined"
    optimising = progress is not None and progress.significant
    if regime == "B" or sel is None or sel.n_decisions == 0:
        return "optimisation-without-search" if optimising else "no-evidence"
    if sel.p_value < ALPHA:
        if breadth.mean is not None and breadth.mean < MIN_BREADTH:
            return "selection-without-breadth"
        lower = sel.u_ci[0] if sel.u_ci else 0.0
        if sel.p_value < STRONG_ALPHA and lower > STRONG_U_LOWER:
            return "search-strong"
        return "search-moderate"
    if sel.p_lower < ALPHA:
        return "no-evidence"
    if power is None or power.power < MIN_POWER:
        return "insufficient-data"
    return "optimisation-without-search" if optimising else "no-evidence"


def type_label(regime: str, sel: SelectionStats | None, shape: Shape | None) -> str | None:
    """Nearest archetype: best-of-n, local, tree/beam or annealing (descriptive only)."""
    if regime != "A" or sel is None or shape is None or sel.n_decisions == 0:
        return None
    if (shape.mean_kept or 1.0) > 1.05 or (shape.backtrack_rate or 0.0) > 0.1:
        return "tree/beam"
    if sel.n_decisions <= 1:
        return "best-of-n"
    if (shape.mean_candidates or 0) <= 2.05 and sel.beta is not None and not sel.beta_capped:
        return "annealing"
    if shape.local_fraction is not None and shape.local_fraction < 0.5:
        return "best-of-n"
    return "local"
