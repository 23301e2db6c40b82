"""`score DIR`: a directory stands for its transcripts in name order (a sweep's for its runs),
derived transcripts left out; an empty one is a one-line error with exit code 2."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from tests.simulated_runs import run_score, write_simulated
from tui.commands.score_paths import transcript_paths

NAMES = st.sets(st.text(string.ascii_lowercase + "-.", min_size=1, max_size=8)
                .filter(lambda name: name.strip(".")), max_size=8)  # not "." or ".."
SUFFIXES = st.sampled_from([".jsonl", ".implicit.jsonl", ".jsonl.part", ".txt", ""])


@settings(max_examples=60, deadline=None)
@given(stems=NAMES, suffixes=st.lists(SUFFIXES, min_size=8, max_size=8))
def test_a_directory_stands_for_its_transcripts_in_name_order(tmp_path_factory, stems,
                                                              suffixes) -> None:
    folder = tmp_path_factory.mktemp("runs")
    names = {stem + suffix for stem, suffix in zip(sorted(stems), suffixes, strict=False)}
    for name in names:
        (folder / name).write_text("")
    (folder / "SUB.jsonl").mkdir()  # a directory with a transcript's name is not one
    want = sorted(n for n in names if n.endswith(".jsonl") and not n.startswith(".")
                  and not n.endswith(".implicit.jsonl"))
    if not want:
        with pytest.raises(InputError, match=f"^{folder}: no transcripts"):
            transcript_paths([folder])
        return
    assert [p.name for p in transcript_paths([folder])] == want


def test_files_are_kept_as_given_and_a_sweep_stands_for_its_runs(tmp_path) -> None:
    sweep = tmp_path / "sweep"
    (sweep / "runs").mkdir(parents=True)
    for name in ("b.jsonl", "a.jsonl", "a.jsonl.part"):
        (sweep / "runs" / name).write_text("")
    (sweep / "index.jsonl").write_text("")
    derived = tmp_path / "x.implicit.jsonl"
    assert transcript_paths([derived, sweep, derived]) == [
        derived, sweep / "runs" / "a.jsonl", sweep / "runs" / "b.jsonl", derived,
    ]
    (sweep / "runs" / "a.jsonl").unlink()
    (sweep / "runs" / "b.jsonl").unlink()
    with pytest.raises(InputError, match="sweep/runs: no transcripts"):
        transcript_paths([sweep])


def test_score_on_a_directory_is_score_on_its_files(tmp_path) -> None:
    a = write_simulated(tmp_path / "hill.jsonl", "hill_climb", 1)
    b = write_simulated(tmp_path / "walk.jsonl", "random_walk", 2)
    (tmp_path / "hill.implicit.jsonl").write_text("not even a transcript\n")
    by_dir = run_score(str(tmp_path), "--json", "--pool")
    by_file = run_score(str(a), str(b), "--json", "--pool")
    assert by_dir.returncode == 0, by_dir.stderr
    assert by_dir.stdout == by_file.stdout
    assert [json.loads(line)["path"] for line in by_dir.stdout.splitlines()] == [
        str(a), str(b), "<pooled>",
    ]


def test_an_empty_directory_is_one_line_and_exit_code_2(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("no transcripts here\n")
    done = run_score(str(tmp_path), "--implicit")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and f"{tmp_path}: no transcripts" in done.stderr
    assert "Traceback" not in done.stderr


def test_score_implicit_on_a_directory_leaves_the_derived_ones_out(tmp_path: Path) -> None:
    run = write_simulated(tmp_path / "run.jsonl", "hill_climb", 4)
    (tmp_path / "run.implicit.jsonl").write_text("not even a transcript\n")
    done = run_score(str(tmp_path), "--implicit", "--json")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["path"] for line in done.stdout.splitlines()] == [
        f"{run} (implicit)",
    ]
