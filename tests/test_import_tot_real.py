"""The released GPT-4 Tree of Thoughts logs (kept outside the repo) import faithfully.

They live in ../shared/data/tot_logs; every test skips when they are absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.importers.tot import ImportedProblem, import_tot
from scaffold.scoring.scorer import score_transcript
from scaffold.transcript import (
    CandidatesEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TranscriptReader,
)
from tests.conftest import SHARED_DATA

LOGS = SHARED_DATA / "tot_logs"
GAME24_BFS = "game24__gpt-4_0.7_propose1_value3_greedy5_start900_end1000.json"
TEXT_BFS = "text__gpt-4_1.0_generate_sample_select_greedy_sample5_start0_end100.json"
NAIVE = {
    "game24__gpt-4_0.7_naive_cot_sample_100_start900_end1000.json": ("naive-cot", 100),
    "game24__gpt-4_0.7_naive_standard_sample_100_start900_end1000.json": ("naive-io", 100),
    "text__gpt-4_1.0_naive_cot_sample_10_start0_end100.json": ("naive-cot", 10),
    "text__gpt-4_1.0_naive_standard_sample_10_start0_end100.json": ("naive-io", 10),
}

pytestmark = pytest.mark.skipif(not LOGS.is_dir(), reason="../shared/data/tot_logs is absent")


def _events(path: Path) -> list:
    with TranscriptReader(path) as reader:
        reader.index(validate=True)
        return list(reader.events())


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[ImportedProblem]]:
    out = tmp_path_factory.mktemp("tot")
    names = [GAME24_BFS, TEXT_BFS, *NAIVE]
    return {name: import_tot(LOGS / name, out) for name in names if (LOGS / name).exists()}


@pytest.mark.parametrize(("name", "steps"), [(GAME24_BFS, 4), (TEXT_BFS, 2)])
def test_bfs_logs_give_100_problems_with_one_decision_per_step(
    imported: dict[str, list[ImportedProblem]], name: str, steps: int
) -> None:
    written = imported[name]
    assert len(written) == 100
    assert {(w.scaffold, w.steps, w.decisions) for w in written} == {("tot-bfs", steps + 1, steps)}


@pytest.mark.parametrize("name", [GAME24_BFS, TEXT_BFS])
def test_chosen_ids_are_tots_greedy_pick_and_parents_are_kept_frontier_items(
    imported: dict[str, list[ImportedProblem]], name: str
) -> None:
    raw = json.loads((LOGS / name).read_text())
    for item, entry in zip(imported[name], raw, strict=True):
        events = _events(item.path)
        kept_before = {"0.y0"}
        for t, step in enumerate(entry["steps"]):
            values = step["values"]
            greedy = sorted(range(len(values)), key=lambda j: values[j], reverse=True)
            n_keep = len(step["select_new_ys"])
            (select,) = [e for e in events if isinstance(e, SelectEvent) and e.step == t]
            assert select.chosen == [f"{t}.{j}" for j in greedy[:n_keep]]
            (cands,) = [e for e in events if isinstance(e, CandidatesEvent) and e.step == t]
            assert {c.parent for c in cands.candidates} <= kept_before
            kept_before = set(select.chosen)
        final = [e for e in events if isinstance(e, StateEvent)][-1]
        assert final.final and final.attrs["frontier_ids"] == select.chosen


def test_game24_bfs_has_internal_values_and_the_exact_verifier(
    imported: dict[str, list[ImportedProblem]],
) -> None:
    events = _events(imported[GAME24_BFS][0].path)
    scorers = {(e.scorer, e.kind) for e in events if isinstance(e, ScoreEvent)}
    assert scorers == {("tot-value", "internal"), ("game24-verifier", "external")}


@pytest.mark.parametrize(("name", "expected"), list(NAIVE.items()))
def test_naive_logs_are_independent_samples_with_no_selection(
    imported: dict[str, list[ImportedProblem]], name: str, expected: tuple[str, int]
) -> None:
    scaffold, samples = expected
    written = imported[name]
    assert len(written) == 100
    assert {(w.scaffold, w.steps, w.decisions) for w in written} == {(scaffold, 1, 0)}
    events = _events(written[0].path)
    (cands,) = [e for e in events if isinstance(e, CandidatesEvent)]
    assert len(cands.candidates) == samples
    assert not any(isinstance(e, SelectEvent) for e in events)


def test_every_sample_tot_marks_correct_is_verified_by_the_game24_verifier(
    imported: dict[str, list[ImportedProblem]],
) -> None:
    agree = 0
    for name in NAIVE:
        if not name.startswith("game24"):
            continue
        for item in imported[name]:
            by_scorer: dict[str, dict[str, float | None]] = {}
            for e in _events(item.path):
                if isinstance(e, ScoreEvent):
                    by_scorer.setdefault(e.scorer, {})[e.candidate] = e.value
            for cid, r in by_scorer["tot-test-output"].items():
                if r == 1.0:
                    assert by_scorer["game24-verifier"][cid] == 1.0
                    agree += 1
    assert agree > 100


def _verdicts(items: list[ImportedProblem]) -> list[str]:
    return [score_transcript(item.path, draws=2000).verdict for item in items]


def test_gpt4_game24_bfs_problems_are_called_search(
    imported: dict[str, list[ImportedProblem]],
) -> None:
    """Issue 5's check: the real BFS logs come out at least 80% `search-*`."""
    verdicts = _verdicts(imported[GAME24_BFS])
    assert sum(v.startswith("search-") for v in verdicts) >= 0.8 * len(verdicts)


@pytest.mark.parametrize("name", list(NAIVE))
def test_naive_sampling_problems_are_never_called_search(
    imported: dict[str, list[ImportedProblem]], name: str
) -> None:
    verdicts = _verdicts(imported[name])
    assert not any(v.startswith("search-") for v in verdicts)
    assert set(verdicts) <= {"untestable", "undetermined"}
