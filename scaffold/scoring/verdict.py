"""The gated verdict ladder and the descriptive type label.

Only selection tests decide search: the permutation test, and for choices logged with a
searcher's statistics the conditional logit on value given exploration (Bonferroni over the two
when both ran). A significant result needs no power gate; a non-significant one with power < 0.5
is `insufficient-data`, not absence. With nothing to test the verdict says so (`untestable`,
or `undetermined` when nothing was scored), unless the step tree shows exploration.
"""

from __future__ import annotations

from scaffold.scoring.breadth import Breadth
from scaffold.scoring.explore_logit import ExploreTest
from scaffold.scoring.labels import ProcessType, Regime, Verdict
from scaffold.scoring.power import PowerResult
from scaffold.scoring.selection_stats import SelectionStats
from scaffold.scoring.selection_test import ALPHA
from scaffold.scoring.structure import Shape
from scaffold.scoring.tree_shape import TreeShape
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
    *,
    explore: ExploreTest | None = None,
    tree: TreeShape | None = None,
) -> Verdict:
    """Climb the ladder of docs/scoring.md from the selection tests, breadth, power, progress
    and, without scores, the shape of the step tree."""
    explores = tree is not None and tree.explores
    if regime == Regime.STATES_ONLY:
        return Verdict.EXPLORATION_WITHOUT_SCORES if explores else Verdict.UNDETERMINED
    optimising = progress is not None and progress.significant
    plain = sel if sel is not None and sel.n_decisions else None
    if regime == Regime.PROGRESS_ONLY or (plain is None and explore is None):
        if optimising:
            return Verdict.OPTIMISATION_WITHOUT_SEARCH
        return Verdict.EXPLORATION_WITHOUT_SCORES if explores else Verdict.UNTESTABLE
    tests = (plain is not None) + (explore is not None)
    p_plain = plain.p_value * tests if plain is not None else 1.0
    p_explore = explore.p_value * tests if explore is not None else 1.0
    if min(p_plain, p_explore) < ALPHA:
        if breadth.mean is not None and breadth.mean < MIN_BREADTH:
            return Verdict.SELECTION_WITHOUT_BREADTH
        lower = plain.u_ci[0] if plain is not None and plain.u_ci else 0.0
        if (p_plain < STRONG_ALPHA and lower > STRONG_U_LOWER) or p_explore < STRONG_ALPHA:
            return Verdict.SEARCH_STRONG
        return Verdict.SEARCH_MODERATE
    if plain is not None and plain.p_lower < ALPHA and explore is None:
        return Verdict.NO_EVIDENCE
    best_power = max(power.power if power is not None else 0.0,
                     explore.power if explore is not None else 0.0)
    if best_power < MIN_POWER:
        return Verdict.INSUFFICIENT_DATA
    return Verdict.OPTIMISATION_WITHOUT_SEARCH if optimising else Verdict.NO_EVIDENCE


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
