"""`intervene --out`: a bad copy path is refused before the loop is rebuilt, in one line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.hostile_inputs import assert_one_clean_line, run_cli
from tests.test_interventions import _imported

HILL = REPO / "transcripts" / "example-hill-climb.jsonl"
ARGS = ("--kind", "shuffle", "--headless", "--seeds", "1", "--at", "5")


@pytest.fixture
def hc(tmp_path: Path) -> Path:
    path = tmp_path / "hc.jsonl"
    shutil.copy(HILL, path)
    return path


@pytest.mark.parametrize(("out", "says"), [
    ("nodir/x.jsonl", "nodir/x.jsonl: no such directory "),
    ("sub", "sub: is a directory; give a file name"),
    ("", "'.': not a file name"),
    ("pipe", "pipe: not a regular file; give a file path"),
    ("hc.jsonl", "hc.jsonl: is the input hc.jsonl; choose another output"),
    ("old.jsonl", "old.jsonl: already exists; choose another --out"),
])
def test_a_bad_out_is_one_line_exit_2_and_changes_nothing(hc: Path, out: str, says: str) -> None:
    folder = hc.parent
    (folder / "sub").mkdir()
    os.mkfifo(folder / "pipe")
    (folder / "old.jsonl").write_text("old\n")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    line = assert_one_clean_line(run_cli("intervene", "hc.jsonl", *ARGS, "--out", out,
                                         cwd=folder))
    assert line.startswith("mesascope: ") and says in line, line
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in folder.iterdir()) == ["hc.jsonl", "old.jsonl", "pipe", "sub"]


def test_the_out_check_comes_before_the_loop_is_even_looked_up(tmp_path: Path) -> None:
    """An imported log has no loop to rebuild: its --out is refused first all the same."""
    line = assert_one_clean_line(run_cli("intervene", str(_imported(tmp_path)), *ARGS,
                                         "--out", str(tmp_path / "nodir" / "x.jsonl")))
    assert "no such directory" in line, line


def test_an_imported_log_is_refused_by_name(tmp_path: Path) -> None:
    path = _imported(tmp_path)
    line = assert_one_clean_line(run_cli("intervene", str(path), "--kind", "shuffle",
                                         "--headless"))
    assert line.startswith(f"mesascope: {path}: a log written with the Recorder has no live "
                           "loop to fork"), line


def test_a_good_out_gets_the_whole_run_and_its_arms(hc: Path) -> None:
    before = hc.read_bytes()
    copy = hc.with_name("copy.jsonl")
    done = run_cli("intervene", str(hc), *ARGS, "--out", str(copy))
    assert done.returncode == 0, done.stderr
    assert hc.read_bytes() == before
    assert copy.read_bytes().startswith(before) and len(copy.read_bytes()) > len(before)
    assert sorted(p.name for p in hc.parent.iterdir()) == ["copy.jsonl", "hc.jsonl"]


def test_a_bad_out_is_refused_before_any_model_loads(tmp_path: Path) -> None:
    """A model that cannot load: the --out refusal comes first, so none was tried."""
    run = tmp_path / "tot.jsonl"
    shutil.copy(REPO / "transcripts" / "example-tot-game24.jsonl", run)
    line = assert_one_clean_line(run_cli(
        "intervene", str(run), "--kind", "shuffle", "--headless", "--seeds", "1",
        "--set", f"model={tmp_path / 'absent.gguf'}", "--out", str(tmp_path / "nodir" / "x")))
    assert line == f"mesascope: {tmp_path / 'nodir' / 'x'}: no such directory {tmp_path / 'nodir'}"
