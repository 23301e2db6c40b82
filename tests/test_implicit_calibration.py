"""Known answers for implicit search: pooled over 30 texts, search processes are found and
non-search processes are not (a small version of the calibration in docs/scoring.md)."""

from __future__ import annotations

import pytest

from scaffold.implicit.calibration import PROCESSES, pooled_run, texts

SEARCH = [p for p, (s, _) in PROCESSES.items() if s]
NULLS = [p for p, (s, _) in PROCESSES.items() if not s]


@pytest.mark.parametrize("process", SEARCH)
def test_search_processes_are_called_search_when_pooled(process: str) -> None:
    runs = [pooled_run(process, seed, 30, draws=1000) for seed in range(100, 105)]
    assert sum(r.verdict.startswith("search-") for r in runs) >= 4, runs


@pytest.mark.parametrize("process", NULLS)
def test_non_search_processes_are_not_called_search_when_pooled(process: str) -> None:
    runs = [pooled_run(process, seed, 30, draws=1000) for seed in range(100, 108)]
    assert sum(r.verdict.startswith("search-") for r in runs) <= 1, runs


def test_the_generator_varies_its_wording_and_is_reproducible() -> None:
    for process in PROCESSES:
        batch = texts(process, 3, 30)
        assert batch == texts(process, 3, 30)
        firsts = {s.text.splitlines()[0] for s in batch}
        assert len(firsts) >= 8, process
