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
    stats = [c.stats for c in cands if c is not None and c.stats is not None]
    if not stats or len(stats) != len(cands):
        return None
    rule = [s.rule_value for s in stats]
    value = [s.value for s in stats]
    if not any(x is None for x in (*rule, *value)):
        out = np.array(rule, dtype=np.float64) - np.array(value, dtype=np.float64)
        return out if np.all(np.isfinite(out)) else None
    visits = [s.visits for s in stats]
    if any(v is None for v in visits):
        return None
    n = np.array(visits, dtype=np.float64)
    total = float(n.sum())
    priors = [s.prior for s in stats]
    if not any(p is None for p in priors):
        prior = np.array(priors, dtype=np.float64)
        return prior * math.sqrt(max(total, 1.0)) / (1.0 + n)
    if np.any(n < 1) or total < 2:
        return None
    return np.sqrt(math.log(total) / n)
