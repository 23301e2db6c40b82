"""`score` scores a file named twice once (`x x`, `./x x`, `DIR DIR/x.jsonl`, a symlink, a
hard link), in first-seen order, with one note on stderr: pooling a run twice would overstate
the evidence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli_in_process import mesascope_in_process
from tests.simulated_runs import write_simulated
from tui.commands.score_paths import unique_paths


def run_score(*args: str):
    return mesascope_in_process("score", *args)


def _rows(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_unique_paths_keeps_the_first_name_of_each_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("x\n")
    b.write_text("x\n")  # same text, another file: kept
    (tmp_path / "link.jsonl").symlink_to(a)
    os.link(b, tmp_path / "hard.jsonl")
    given = [Path("a.jsonl"), b, Path("./a.jsonl"), Path("link.jsonl"), a, Path("hard.jsonl"),
             Path("nope.jsonl"), tmp_path / "nope.jsonl"]
    assert unique_paths(given) == ([Path("a.jsonl"), b, Path("nope.jsonl")], 5)
    assert unique_paths([b, a]) == ([b, a], 0)


@pytest.mark.parametrize("flags", [["--pool"], ["--implicit", "--json", "--pool"]])
def test_the_same_run_named_twice_is_scored_once(tmp_path: Path, flags: list[str]) -> None:
    run = write_simulated(tmp_path / "run.jsonl", "hill_climb", 1)
    once = run_score(*flags, str(run))
    twice = run_score(*flags, str(run), str(tmp_path / "." / "run.jsonl"))
    assert once.returncode == twice.returncode == 0, twice.stderr
    assert twice.stdout == once.stdout
    assert twice.stderr == ("mesascope: note: 1 duplicate path dropped "
                            "(the same file is scored once)\n")


def test_a_directory_and_its_file_and_a_symlink_pool_each_run_once(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    a = write_simulated(runs / "a.jsonl", "hill_climb", 1)
    b = write_simulated(runs / "b.jsonl", "random_walk", 2)
    (tmp_path / "alias.jsonl").symlink_to(a)
    done = run_score("--json", "--pool", str(b), str(runs), str(tmp_path / "alias.jsonl"))
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert [r["path"] for r in rows] == [str(b), str(a), "<pooled>"]
    assert rows[-1]["fisher"]["n_runs"] == 2
    assert done.stderr.count("\n") == 1 and "2 duplicate paths dropped" in done.stderr
