"""Runs the known-answer suite: every process on both objectives over many seeds, then rates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from scaffold.scoring.scorer import score_events
from scaffold.simulators import PROCESSES, simulate


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
                s = report.selection
                assert s is not None and s.u_bar is not None
                out.append(SuiteRun(process, objective, seed, PROCESSES[process].is_search,
                                    report.verdict, s.u_bar, s.p_value, s.z or 0.0,
                                    s.beta or 0.0, report.power.power if report.power else 0.0))
    return out


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
