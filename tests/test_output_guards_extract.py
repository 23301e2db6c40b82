"""`extract` writes like `export`: never over its input, never over an existing file without
--force, never onto a non-file; a bad --out is one line and exit 2, and leaves nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scaffold.errors import InputError
from tests.conftest import REPO
from tests.hostile_inputs import assert_one_clean_line, run_cli
from tui.commands.extract import run_extract

SOURCE = REPO / "transcripts" / "example-compare-game24.jsonl"


@pytest.fixture
def run(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    shutil.copy(SOURCE, path)
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_extract_refuses_to_write_over_its_input(run: Path) -> None:
    before = run.read_bytes()
    line = assert_one_clean_line(run_cli("extract", str(run), "--out", str(run)))
    assert line == f"mesascope: {run}: is the input {run}; choose another output"
    assert run.read_bytes() == before
    with pytest.raises(InputError, match="is the input"):
        run_extract(run, run, force=True)
    assert run.read_bytes() == before


def test_extract_keeps_an_existing_output_unless_forced(run: Path) -> None:
    first = run_cli("extract", str(run))
    assert first.returncode == 0, first.stderr
    derived = run.with_name("c.implicit.jsonl")
    derived.write_text("mine\n")
    line = assert_one_clean_line(run_cli("extract", str(run)))
    assert line == f"mesascope: {derived}: already exists (pass --force to overwrite)"
    assert derived.read_text() == "mine\n"
    assert run_extract(run, None, force=True) == derived
    assert derived.read_text().startswith('{"event":"header"')
    assert _listing(run.parent) == ["c.implicit.jsonl", "c.jsonl"], "no temporary left"


def test_extract_force_on_the_command_line(run: Path) -> None:
    derived = run.with_name("c.implicit.jsonl")
    derived.write_text("mine\n")
    done = run_cli("extract", str(run), "--force")
    assert done.returncode == 0, done.stderr
    assert derived.read_text().startswith('{"event":"header"')


@pytest.mark.parametrize(("out", "says"), [
    ("nodir/x.jsonl", "nodir/x.jsonl: no such directory "),
    ("sub", "sub: is a directory; give a file name"),
    ("", "'.': not a file name"),
    ("pipe", "pipe: not a regular file; give a file path"),
    ("to-pipe", "to-pipe: not a regular file; give a file path"),
])
def test_a_bad_out_is_one_line_and_exit_2(run: Path, out: str, says: str) -> None:
    folder = run.parent
    (folder / "sub").mkdir()
    os.mkfifo(folder / "pipe")
    (folder / "to-pipe").symlink_to(folder / "pipe")
    before = _listing(folder)
    line = assert_one_clean_line(run_cli("extract", "c.jsonl", "--out", out, cwd=folder))
    assert line.startswith("mesascope: ") and says in line, line
    assert _listing(folder) == before and _listing(folder / "sub") == []
