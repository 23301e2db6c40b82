"""Runs the known-answer suite: every process on both objectives over many seeds, then rates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from scaffold.scoring.report import ScoreReport
from scaffold.scoring.scorer import score_events
from scaffold.simulators import ALL_PROCESSES, simulate


@dataclass(frozen=True)
class SuiteRun:
    """One scored run with its ground truth."""

    process: str
    objective: str
    seed: int
    is_search: bool
    verdict: str
    u_bar: float
    p_value: float
    z: float
    beta: float
    power: float


def run_suite(
    processes: Iterable[str],
    seeds: Iterable[int],
    *,
    objectives: Iterable[str] = ("vector", "string"),
    decisions: int = 30,
    k: int = 4,
    draws: int = 2000,
) -> list[SuiteRun]:
    out: list[SuiteRun] = []
    seeds = list(seeds)
    for process in processes:
        for objective in objectives:
            for seed in seeds:
                report = score_events(simulate(process, objective, seed, decisions, k),
                                      draws=draws, seed=seed)
                out.append(_run(process, objective, seed, report))
    return out


def _run(process: str, objective: str, seed: int, report: ScoreReport) -> SuiteRun:
    """One row: the plain test's numbers, or the value-given-exploration test's when only it
    ran (then ū is NaN, z is the signed normal quantile of its p, β̂ is β̂_value)."""
    s, e = report.selection, report.explore
    truth = ALL_PROCESSES[process].is_search
    if s is not None and s.n_decisions and s.u_bar is not None:
        power = report.power.power if report.power else 0.0
        return SuiteRun(process, objective, seed, truth, report.verdict, s.u_bar, s.p_value,
                        s.z or 0.0, s.beta or 0.0, power)
    if e is not None:
        z = float(norm.isf(min(max(e.p_value, 1e-300), 1 - 1e-16)))
        return SuiteRun(process, objective, seed, truth, report.verdict, float("nan"),
                        e.p_value, z, e.beta_value, e.power)
    return SuiteRun(process, objective, seed, truth, report.verdict, float("nan"), 1.0, 0.0,
                    0.0, 0.0)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """P(score of a positive > score of a negative), ties counted half (Mann–Whitney)."""
    pos, neg = scores[labels], scores[~labels]
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(greater + 0.5 * ties)


def search_rate(runs: list[SuiteRun]) -> float:
    return float(np.mean([r.verdict.startswith("search-") for r in runs])) if runs else 0.0


def detection_rate(runs: list[SuiteRun], alpha: float = 0.01) -> float:
    """Share of runs whose permutation test rejects blind selection at `alpha`."""
    return float(np.mean([r.p_value < alpha for r in runs])) if runs else 0.0
