"""The exploration term a tree searcher adds to a child's value, from its logged statistics.

UCT picks argmax Q + c·√(ln N / n), PUCT argmax Q + c·P·√N / (1 + n). A choice that looks blind
to Q can be a choice on Q plus this term, so the term is a covariate of the choice model
(`explore_logit`). The order of preference: what the rule maximised minus the value (the term
exactly, whatever the constant), else the PUCT term from priors, else the UCT term from visits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from scaffold.transcript.events import Candidate


def exploration_terms(cands: Sequence[Candidate | None]) -> np.ndarray | None:
    """One exploration term per candidate, or None unless every candidate has the statistics."""
    stats = [c.stats if c is not None else None for c in cands]
    if not stats or any(s is None for s in stats):
        return None
    if all(s.rule_value is not None and s.value is not None for s in stats):  # type: ignore[union-attr]
        out = np.array([s.rule_value - s.value for s in stats], float)  # type: ignore[union-attr,operator]
        return out if np.all(np.isfinite(out)) else None
    visits = [s.visits for s in stats]  # type: ignore[union-attr]
    if any(v is None for v in visits):
        return None
    n = np.array(visits, float)
    total = float(n.sum())
    if all(s.prior is not None for s in stats):  # type: ignore[union-attr]
        prior = np.array([s.prior for s in stats], float)  # type: ignore[union-attr]
        return prior * math.sqrt(max(total, 1.0)) / (1.0 + n)
    if np.any(n < 1) or total < 2:
        return None
    return np.sqrt(math.log(total) / n)
