"""`check_output` / `write_output`: no empty names, nothing but a regular file replaced."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import IO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.safe_output import check_output, write_output
from tests.hostile_inputs import EXAMPLE, assert_one_clean_line, run_cli


def _fifo(tmp_path: Path) -> tuple[Path, Path]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    return fifo, link


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_or_a_symlink_to_one_is_refused_and_stays(tmp_path: Path, force: bool) -> None:
    fifo, link = _fifo(tmp_path)
    for target in (fifo, link):
        with pytest.raises(InputError, match=f"^{target}: not a regular file; give a file path$"):
            check_output(target, force=force)
        with pytest.raises(InputError, match="not a regular file"):
            write_output(target, lambda f: None, force=force)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink() and os.readlink(link) == str(fifo)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "to-pipe"], "no temp left"


@pytest.mark.parametrize("name", ["", ".", "..", "x/.."])
def test_an_empty_output_name_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`--out ""` arrives as Path("."): no name to write to, whatever the folder holds."""
    (tmp_path / "x").mkdir()
    monkeypatch.chdir(tmp_path)
    for force in (False, True):
        with pytest.raises(InputError, match="not a file name"):
            check_output(Path(name), force=force)


@pytest.mark.parametrize("target", ["pipe", "to-pipe"])
def test_export_force_onto_a_fifo_is_one_line_and_leaves_it(tmp_path: Path, target: str) -> None:
    fifo, _ = _fifo(tmp_path)
    src = tmp_path / "run.jsonl"
    shutil.copy(EXAMPLE, src)
    out = run_cli("export", str(src), "--out", str(tmp_path / target), "--force")
    assert assert_one_clean_line(out) == (
        f"mesascope: {tmp_path / target}: not a regular file; give a file path")
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and (tmp_path / "to-pipe").is_symlink()


def test_export_to_an_empty_name_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "run.jsonl"
    shutil.copy(EXAMPLE, src)
    assert "not a file name" in assert_one_clean_line(
        run_cli("export", str(src), "--out", "", cwd=tmp_path))


def _write_new(f: IO[bytes]) -> None:
    f.write(b"new")


KINDS = ["absent", "file", "link-to-file", "dangling-link", "fifo", "link-to-fifo", "dir",
         "input", "link-to-input"]


def _make(tmp_path: Path, kind: str, source: Path) -> Path:
    out = tmp_path / "out"
    other = tmp_path / "other"
    other.write_text("x")
    if kind == "file":
        out.write_text("old")
    elif kind == "link-to-file":
        out.symlink_to(other)
    elif kind == "dangling-link":
        out.symlink_to(tmp_path / "nowhere")
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "link-to-fifo":
        os.mkfifo(tmp_path / "fifo")
        out.symlink_to(tmp_path / "fifo")
    elif kind == "dir":
        out.mkdir()
    elif kind == "input":
        return source
    elif kind == "link-to-input":
        out.symlink_to(source)
    return out


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), force=st.booleans())
def test_check_output_allows_exactly_a_new_name_or_a_forced_regular_file(
    tmp_path_factory: pytest.TempPathFactory, kind: str, force: bool
) -> None:
    """Allowed: nothing there, or (with force) a regular file or a symlink that is not to
    anything else; refused: the rest. A refusal changes nothing on disk."""
    tmp_path = tmp_path_factory.mktemp("case")
    source = tmp_path / "in.jsonl"
    source.write_text("input")
    out = _make(tmp_path, kind, source)
    allowed = kind == "absent" or (force and kind in ("file", "link-to-file", "dangling-link"))
    before = {p.name: (p.lstat().st_mode, p.is_symlink()) for p in tmp_path.iterdir()}
    if allowed:
        write_output(out, _write_new, inputs=[source], force=force)
        assert out.read_bytes() == b"new" and not out.is_symlink()
    else:
        with pytest.raises(InputError):
            write_output(out, _write_new, inputs=[source], force=force)
        after = {p.name: (p.lstat().st_mode, p.is_symlink()) for p in tmp_path.iterdir()}
        assert after == before
    assert source.read_text() == "input"
