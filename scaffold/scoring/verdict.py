"""The gated verdict ladder and the descriptive type label.

Only the permutation test decides search. A significant result needs no power gate; a
non-significant one with power < 0.5 to detect ū = 0.75 is `insufficient-data`, not absence.
"""

from __future__ import annotations

from scaffold.scoring.breadth import Breadth
from scaffold.scoring.labels import ProcessType, Regime, Verdict
from scaffold.scoring.power import PowerResult
from scaffold.scoring.selection_stats import SelectionStats
from scaffold.scoring.selection_test import ALPHA
from scaffold.scoring.structure import Shape
from scaffold.scoring.trends import Progress

STRONG_ALPHA = 0.001
STRONG_U_LOWER = 0.6
MIN_BREADTH = 1.5
MIN_POWER = 0.5


def verdict_for(
    regime: Regime,
    sel: SelectionStats | None,
    power: PowerResult | None,
    breadth: Breadth,
    progress: Progress | None,
) -> Verdict:
    """Climb the ladder of docs/scoring.md from the primary test, breadth, power and progress."""
    if regime == Regime.STATES_ONLY:
        return Verdict.UNDETERMINED
    optimising = progress is not None and progress.significant
    without_search = Verdict.OPTIMISATION_WITHOUT_SEARCH if optimising else Verdict.NO_EVIDENCE
    if regime == Regime.PROGRESS_ONLY or sel is None or sel.n_decisions == 0:
        return without_search
    if sel.p_value < ALPHA:
        if breadth.mean is not None and breadth.mean < MIN_BREADTH:
            return Verdict.SELECTION_WITHOUT_BREADTH
        lower = sel.u_ci[0] if sel.u_ci else 0.0
        if sel.p_value < STRONG_ALPHA and lower > STRONG_U_LOWER:
            return Verdict.SEARCH_STRONG
        return Verdict.SEARCH_MODERATE
    if sel.p_lower < ALPHA:
        return Verdict.NO_EVIDENCE
    if power is None or power.power < MIN_POWER:
        return Verdict.INSUFFICIENT_DATA
    return without_search


def type_label(
    regime: Regime, sel: SelectionStats | None, shape: Shape | None
) -> ProcessType | None:
    """Nearest archetype: best-of-n, local, tree/beam or annealing (descriptive only)."""
    if regime != Regime.DECISIONS or sel is None or shape is None or sel.n_decisions == 0:
        return None
    if (shape.mean_kept or 1.0) > 1.05 or (shape.backtrack_rate or 0.0) > 0.1:
        return ProcessType.TREE_OR_BEAM
    if sel.n_decisions <= 1:
        return ProcessType.BEST_OF_N
    if (shape.mean_candidates or 0) <= 2.05 and sel.beta is not None and not sel.beta_capped:
        return ProcessType.ANNEALING
    if shape.local_fraction is not None and shape.local_fraction < 0.5:
        return ProcessType.BEST_OF_N
    return ProcessType.LOCAL
