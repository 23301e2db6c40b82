"""`score --pool` on one transcript prints its report once: pooling one run adds nothing, so
there is no pooled card and no pooled JSON line (as `score --help` says)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_in_process import mesascope_in_process
from tests.simulated_runs import write_simulated


def run_score(*args: str):
    return mesascope_in_process("score", *args)


# the card and the JSON line, recorded and derived decisions: two runs of the CLI each
@pytest.mark.parametrize("flags", [[], ["--implicit", "--json"]])
def test_pool_on_one_transcript_is_its_report_alone(tmp_path: Path, flags: list[str]) -> None:
    run = write_simulated(tmp_path / "run.jsonl", "hill_climb", 1)
    alone = run_score(*flags, str(run))
    pooled = run_score(*flags, "--pool", str(run))
    assert alone.returncode == pooled.returncode == 0, pooled.stderr
    assert pooled.stdout == alone.stdout
    assert "<pooled>" not in pooled.stdout
    if "--json" in flags:
        assert len(pooled.stdout.splitlines()) == 1
    else:
        assert pooled.stdout.count("VERDICT") == 1


def test_pool_on_one_good_transcript_among_bad_ones_is_its_report_alone(tmp_path: Path) -> None:
    run = write_simulated(tmp_path / "run.jsonl", "hill_climb", 1)
    done = run_score("--json", "--pool", str(tmp_path / "nope.jsonl"), str(run))
    assert done.returncode == 2
    assert [json.loads(line)["path"] for line in done.stdout.splitlines()] == [str(run)]


def test_the_help_says_one_transcript_is_not_pooled() -> None:
    done = run_score("--help")
    assert done.returncode == 0
    assert "nothing to pool" in " ".join(done.stdout.split())
