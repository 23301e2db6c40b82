"""A bad transcript among several does not stop `score`: each bad one is one line on stderr as
it is met, every good one is scored, printed and pooled, and the exit code is 2. One file alone
keeps its one line and exit code 2."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.scoring import score_transcript
from tests.pty_read import read_until_closed
from tests.simulated_runs import MESASCOPE, run_score, write_simulated
from tui.commands.score import _outcomes


def _runs(tmp: Path, n: int) -> list[Path]:
    return [write_simulated(tmp / f"run-{i}.jsonl", ("hill_climb", "random_walk")[i % 2], i,
                            decisions=25) for i in range(n)]


def _bad(tmp: Path, name: str = "bad.jsonl") -> Path:
    bad = tmp / name
    bad.write_text("not json\n")
    return bad


@pytest.mark.parametrize("workers", [1, 2])
def test_outcomes_go_on_after_each_bad_file(tmp_path: Path, workers: int) -> None:
    a, b, c = _runs(tmp_path, 3)
    paths = [_bad(tmp_path, "first.jsonl"), a, _bad(tmp_path), b, tmp_path / "nope.jsonl", c]
    got = list(_outcomes(paths, score_transcript, workers))
    assert [type(o).__name__ for o in got] == [
        "TranscriptError", "ScoreReport", "TranscriptError", "ScoreReport", "TranscriptError",
        "ScoreReport"]
    assert [o.to_json() for o in got if not isinstance(o, InputError)] == [
        score_transcript(p).to_json() for p in (a, b, c)]


@pytest.mark.parametrize("implicit", [False, True])
def test_every_good_file_is_scored_and_pooled_and_the_exit_code_is_2(
        tmp_path: Path, implicit: bool) -> None:
    a, b, c = _runs(tmp_path, 3)
    flags = ["--implicit"] if implicit else []
    done = run_score(*flags, "--json", "--pool", str(a), str(_bad(tmp_path)), str(b),
                     str(tmp_path / "nope.jsonl"), str(c))
    assert done.returncode == 2
    rows = [json.loads(line) for line in done.stdout.splitlines()]  # valid JSON lines only
    suffix = " (implicit)" if implicit else ""
    assert [r["path"] for r in rows] == [f"{p}{suffix}" for p in (a, b, c)] + ["<pooled>"]
    assert rows[-1]["n_decisions"] == sum(r["n_decisions"] for r in rows[:-1])
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in done.stderr
    assert "bad.jsonl:1" in lines[0] and "nope.jsonl: no such file" in lines[1]


def test_a_directory_with_a_damaged_run_prints_the_cards_of_the_others(tmp_path: Path) -> None:
    a, b = _runs(tmp_path, 2)
    _bad(tmp_path, "a-damaged.jsonl")  # the first in name order
    done = run_score(str(tmp_path))
    assert done.returncode == 2
    assert done.stdout.count("VERDICT") == 2
    assert f"Source      {a}" in done.stdout and f"Source      {b}" in done.stdout
    assert done.stderr.count("\n") == 1 and "a-damaged.jsonl:1" in done.stderr


def test_one_bad_file_alone_is_still_one_line_and_exit_code_2(tmp_path: Path) -> None:
    done = run_score("--pool", str(_bad(tmp_path)))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "bad.jsonl:1" in done.stderr


def test_with_a_progress_bar_the_error_line_is_written_whole(tmp_path: Path) -> None:
    """stdout a file and stderr a terminal: the bar is drawn, and the error goes above it."""
    a, b = _runs(tmp_path, 2)
    main, tty = pty.openpty()
    out = tmp_path / "reports.jsonl"
    with open(out, "wb") as file:
        proc = subprocess.Popen([str(MESASCOPE), "score", "--json", str(a),
                                 str(_bad(tmp_path)), str(b)],
                                stdout=file, stderr=tty, stdin=subprocess.DEVNULL)
    os.close(tty)
    err = read_until_closed(main)
    assert proc.wait(timeout=120) == 2
    assert len(out.read_text().splitlines()) == 2
    # the bar's line is erased first (not the error appended to the bar), then a whole line
    lines = re.findall(r"\x1b\[2K(mesascope: [^\r\n\x1b]*)\r\n", err.decode(errors="replace"))
    assert lines == [f"mesascope: {tmp_path}/bad.jsonl:1: not a mesascope transcript: "
                     "line 1 is not JSON"]
