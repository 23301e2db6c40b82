"""The choice model's batched single choices give the log-likelihood and the fit of the plain
group-by-group computation, float for float."""

from __future__ import annotations

import numpy as np
import pytest

from scaffold.scoring.choice_model import BETA_CAP, ChoiceModel
from scaffold.scoring.decisions import Decision, RaggedScores
from scaffold.scoring.selection_test import midrank_percentiles


def _design(seed: int) -> RaggedScores:
    """Decisions of 2 to 40 candidates (others in several blocks of 8), mostly one kept, with
    ties, integer and heavy-tailed scores."""
    rng = np.random.default_rng(seed)
    decisions = []
    for i in range(int(rng.integers(30, 200))):
        k = int(rng.choice([2, 3, 5, 8, 9, 12, 16, 17, 24, 40])) if rng.random() < 0.5 \
            else int(rng.integers(2, 41))
        if rng.random() < 0.3:
            scores = rng.integers(0, 3, k).astype(float)
        else:
            scores = rng.standard_cauchy(k)
        if scores.min() == scores.max():
            scores[0] += 1.0
        m = 1 if rng.random() < 0.8 else int(rng.integers(1, k))
        sel = np.zeros(k, bool)
        sel[rng.choice(k, m, replace=False)] = True
        decisions.append(Decision(i, tuple(map(str, range(k))), scores, sel))
    return RaggedScores.from_decisions(decisions)


@pytest.mark.parametrize("seed", range(20))
def test_batched_single_choices_give_the_plain_log_likelihood_and_fit(seed: int) -> None:
    r = _design(seed)
    u = midrank_percentiles(r)
    fast, plain = ChoiceModel(r, u), ChoiceModel(r, u, batch=False)
    assert fast._batches and not plain._batches
    betas = [-BETA_CAP, -3.7, -1e-9, 0.0, 1e-12, 0.31, 1.0, 7.25, BETA_CAP,
             *np.random.default_rng(seed).uniform(-BETA_CAP, BETA_CAP, 20)]
    for beta in betas:
        assert fast.loglik(float(beta)) == plain.loglik(float(beta)), beta
    assert fast.fit() == plain.fit()
