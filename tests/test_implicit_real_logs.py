"""Real GPT-4 chain-of-thought samples on Game of 24 (Tree of Thoughts logs) are single chains:
extraction must not turn them into search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.implicit.calib_numbers import Sample
from scaffold.implicit.calibration import sample_header
from scaffold.implicit.derive import derive_events
from scaffold.importers.tot_verifier import instance_from_idx
from scaffold.scoring import pool, score_events
from scaffold.transcript.events import StateEvent
from tests.conftest import SHARED_DATA

LOG = SHARED_DATA / "tot_logs" / "game24__gpt-4_0.7_naive_cot_sample_100_start900_end1000.json"


def cot_problems(path: Path) -> list[tuple[str, list[str]]]:
    """(instance, the 100 sampled texts) per problem."""
    out = []
    for p in json.loads(path.read_text()):
        instance = instance_from_idx("game24", p["idx"])
        assert instance is not None
        out.append((instance, p["ys"]))
    return out


@pytest.mark.skipif(not LOG.exists(), reason="shared ToT logs not present")
def test_gpt4_naive_cot_game24_is_not_called_search() -> None:
    reports = []
    decisions = 0
    for instance, ys in cot_problems(LOG):
        header = sample_header(Sample("game24", instance, ""))
        states = [StateEvent(step=i, text=y) for i, y in enumerate(ys)]
        derived = derive_events(header, states)
        decisions += derived.decisions
        reports.append(score_events(derived.events, draws=500))
    assert not any(r.is_search for r in reports)
    pooled = pool(reports)
    assert not pooled.is_search, (pooled.verdict, pooled.n_decisions)
    assert decisions < 100, "10,000 single chains should give almost no decisions"
