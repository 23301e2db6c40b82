"""`mesascope score` end to end, through the installed command in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scaffold.simulators import simulate
from scaffold.transcript import TranscriptWriter

MESASCOPE = Path(sys.executable).parent / "mesascope"


def _write(path: Path, process: str, seed: int, decisions: int = 30) -> Path:
    events = simulate(process, "string", seed, decisions=decisions)
    with TranscriptWriter(path, events[0]) as w:
        for ev in events[1:]:
            w.write(ev)
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MESASCOPE), "score", *args], capture_output=True, text=True,
                          timeout=120)


def test_score_json_writes_one_object_per_transcript_plus_the_pool(tmp_path) -> None:
    a = _write(tmp_path / "hill.jsonl", "hill_climb", 1)
    b = _write(tmp_path / "walk.jsonl", "random_walk", 2)
    done = _run(str(a), str(b), "--json", "--pool")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["path"] for r in rows] == [str(a), str(b), "<pooled>"]
    assert rows[0]["verdict"] == "search-strong"
    assert rows[1]["verdict"] in ("no-evidence", "optimisation-without-search")
    assert rows[2]["n_decisions"] == rows[0]["n_decisions"] + rows[1]["n_decisions"]
    assert rows[2]["fisher"]["n_runs"] == 2


def test_score_prints_a_readable_card(tmp_path) -> None:
    path = _write(tmp_path / "beam.jsonl", "beam", 3)
    done = _run(str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VERDICT     SEARCH (strong)")
    assert "Selection   ū = " in done.stdout and "Power" in done.stdout


def test_a_bad_file_is_one_line_and_exit_code_2(tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    done = _run(str(bad))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "bad.jsonl" in done.stderr
    missing = _run(str(tmp_path / "nope.jsonl"), "--json")
    assert missing.returncode == 2 and "no such file" in missing.stderr
