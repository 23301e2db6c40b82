"""The scorer stays calibrated on runs that arrive as Tree of Thoughts logs (issue 5's check).

Held-out labelled trajectories come in ToT BFS format, so known answers are written in that
format, imported with `import tot` and scored from the written transcripts.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from scaffold.importers.tot import import_tot
from scaffold.scoring.scorer import score_events, score_transcript
from scaffold.simulators import NULLS, simulate
from scaffold.simulators.tot_format import tot_problem, tot_shaped_problem

DRAWS = 1000


def _import(tmp_path: Path, name: str, problems: list[dict]) -> list[Path]:
    log = tmp_path / f"toy__{name}.json"
    log.write_text(json.dumps(problems))
    return [w.path for w in import_tot(log, tmp_path / name)]


def _p_values(paths: list[Path]) -> np.ndarray:
    return np.array([score_transcript(p, draws=DRAWS, seed=i).selection.p_value
                     for i, p in enumerate(paths)])


@pytest.mark.parametrize("process", ["decorative", "hill_climb", "beam", "attractor_drift"])
def test_import_keeps_every_decision_of_a_known_answer_run(tmp_path: Path, process: str) -> None:
    runs = [simulate(process, objective, seed) for objective in ("vector", "string")
            for seed in range(3)]
    paths = _import(tmp_path, process, [tot_problem(ev, index=i) for i, ev in enumerate(runs)])
    for events, path in zip(runs, paths, strict=True):
        direct, imported = score_events(events, draws=DRAWS), score_transcript(path, draws=DRAWS)
        assert imported.n_decisions == direct.n_decisions > 0
        assert imported.selection.p_value == pytest.approx(direct.selection.p_value)
        assert imported.verdict == direct.verdict


def test_blind_choice_among_repeats_logged_as_zero_is_not_selection(tmp_path: Path) -> None:
    """ToT logs a repeated candidate's value as 0 and names kept candidates by text. Scored
    naively, a blind choice looks selective (36% of p < 0.05 in this setting)."""
    rng = np.random.default_rng(0)
    paths = _import(tmp_path, "blind", [tot_shaped_problem(rng, i, greedy=False)
                                        for i in range(200)])
    p = _p_values(paths)
    assert (p < 0.05).mean() <= 0.09
    assert (p < 0.01).mean() <= 0.025


def test_greedy_choice_in_the_same_logs_is_search(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    paths = _import(tmp_path, "greedy", [tot_shaped_problem(rng, i, greedy=True)
                                         for i in range(40)])
    verdicts = [score_transcript(p, draws=DRAWS).verdict for p in paths]
    assert sum(v.startswith("search-") for v in verdicts) >= 0.8 * len(verdicts)


def test_nulls_written_with_tots_repeat_convention_are_not_search(tmp_path: Path) -> None:
    problems = [tot_problem(simulate(process, objective, seed), repeat_zero=True)
                for process in NULLS for objective in ("vector", "string") for seed in range(6)]
    for i, problem in enumerate(problems):
        problem["idx"] = i
    verdicts = [score_transcript(p, draws=DRAWS).verdict
                for p in _import(tmp_path, "nulls", problems)]
    assert sum(v.startswith("search-") for v in verdicts) <= 0.02 * len(verdicts)
