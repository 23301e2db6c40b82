"""`mesascope score` end to end, through the installed command in a subprocess."""

from __future__ import annotations

import json

from tests.simulated_runs import run_score, write_simulated


def test_score_json_writes_one_object_per_transcript_plus_the_pool(tmp_path) -> None:
    a = write_simulated(tmp_path / "hill.jsonl", "hill_climb", 1)
    b = write_simulated(tmp_path / "walk.jsonl", "random_walk", 2)
    done = run_score(str(a), str(b), "--json", "--pool")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["path"] for r in rows] == [str(a), str(b), "<pooled>"]
    assert rows[0]["verdict"] == "search-strong"
    assert rows[1]["verdict"] in ("no-evidence", "optimisation-without-search")
    assert rows[2]["n_decisions"] == rows[0]["n_decisions"] + rows[1]["n_decisions"]
    assert rows[2]["fisher"]["n_runs"] == 2


def test_score_prints_a_readable_card(tmp_path) -> None:
    path = write_simulated(tmp_path / "beam.jsonl", "beam", 3)
    done = run_score(str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VERDICT     SEARCH (strong)")
    assert "Selection   ū = " in done.stdout and "Power" in done.stdout


def test_a_bad_file_is_one_line_and_exit_code_2(tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    done = run_score(str(bad))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "bad.jsonl" in done.stderr
    missing = run_score(str(tmp_path / "nope.jsonl"), "--json")
    assert missing.returncode == 2 and "no such file" in missing.stderr
