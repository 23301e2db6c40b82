"""The report's closed vocabularies: verdict, regime and process type (exact JSON labels)."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """The gated verdict ladder's outcomes (docs/scoring.md, "Verdict ladder")."""

    UNDETERMINED = "undetermined"
    """No scores, no objective, and a chain-like shape: nothing can be said."""
    EXPLORATION_WITHOUT_SCORES = "exploration-without-scores"
    """No scores, but a tree no chain-like process makes (backtracking, pruning, branching)."""
    UNTESTABLE = "untestable"
    """Scores or an objective, but no scored selection to test (and no progress)."""
    INSUFFICIENT_DATA = "insufficient-data"
    NO_EVIDENCE = "no-evidence"
    """Tested, not significant, with power ≥ 0.5 (or selection against the evaluation)."""
    OPTIMISATION_WITHOUT_SEARCH = "optimisation-without-search"
    SELECTION_WITHOUT_BREADTH = "selection-without-breadth"
    SEARCH_MODERATE = "search-moderate"
    SEARCH_STRONG = "search-strong"
    SEARCH_CAUSAL = "search-causal"
    """The selection test passes and the choices follow an intervened evaluator."""

    @property
    def is_search(self) -> bool:
        return self in (Verdict.SEARCH_MODERATE, Verdict.SEARCH_STRONG, Verdict.SEARCH_CAUSAL)


class Regime(StrEnum):
    """What the transcript records, and so what can be tested."""

    DECISIONS = "A"
    """Scored selections: the selection test applies."""
    PROGRESS_ONLY = "B"
    """A state objective or scored samples without a selection: only progress can be tested."""
    STATES_ONLY = "C"
    """Neither: search cannot be identified."""


class ProcessType(StrEnum):
    """The nearest archetype of the selection process (descriptive, not part of the verdict)."""

    TREE_OR_BEAM = "tree/beam"
    BEST_OF_N = "best-of-n"
    ANNEALING = "annealing"
    LOCAL = "local"
