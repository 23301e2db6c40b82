"""Nothing lost: an output never replaces its input, never writes through a symlink, never
half-exists, and lands at exactly the path given (findings 1, 4, 8, 10)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.safe_output import write_output
from scaffold.transcript import HeaderEvent, ModelInfo, TaskInfo, TranscriptWriter
from tests.hostile_inputs import EXAMPLE, assert_one_clean_line, run_cli
from tests.test_export import image_transcript
from tests.test_import_tot import _step


def tot_log(tmp_path: Path) -> Path:
    log = tmp_path / "log.json"
    log.write_text(json.dumps([{"steps": [_step()]}]))
    return log


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_export_never_overwrites_its_input(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "run.jsonl"
    shutil.copy(EXAMPLE, src)
    before = src.read_bytes()
    for extra in ([], ["--force"]):
        out = run_cli("export", str(src), "--format", fmt, "--out", str(src), *extra)
        assert "is the input" in assert_one_clean_line(out)
        assert src.read_bytes() == before


def test_export_whose_default_output_is_the_input_leaves_the_input_whole(tmp_path: Path) -> None:
    src = tmp_path / "run.md"  # default output of --format md: the same path
    shutil.copy(EXAMPLE, src)
    before = src.read_bytes()
    out = run_cli("export", str(src), "--format", "md")
    assert_one_clean_line(out)
    assert src.read_bytes() == before


def test_export_through_a_hard_link_to_the_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "run.jsonl"
    shutil.copy(EXAMPLE, src)
    os.link(src, tmp_path / "alias.json")
    out = run_cli("export", str(src), "--out", str(tmp_path / "alias.json"), "--force")
    assert "is the input" in assert_one_clean_line(out)
    assert src.read_bytes() == EXAMPLE.read_bytes()


def test_export_refuses_an_existing_output_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("keep")
    out = run_cli("export", str(EXAMPLE), "--out", str(target))
    assert "already exists" in assert_one_clean_line(out)
    assert target.read_text() == "keep"
    forced = run_cli("export", str(EXAMPLE), "--out", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(target.read_text())["header"]["loop"] == "toy"


def test_export_onto_a_symlink_never_writes_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    out = run_cli("export", str(EXAMPLE), "--out", str(link))
    assert "symlink" in assert_one_clean_line(out)
    forced = run_cli("export", str(EXAMPLE), "--out", str(link), "--force")
    assert forced.returncode == 0, forced.stderr
    assert victim.read_text() == "keep", "the link is replaced, its target is untouched"
    assert not link.is_symlink() and json.loads(link.read_text())["truncated"] is False


@pytest.mark.parametrize("where", ["missing-dir/x.json", ".", "file.txt/x.json"])
def test_export_to_a_directory_or_into_a_missing_one_is_one_line_exit_2(
    tmp_path: Path, where: str
) -> None:
    (tmp_path / "file.txt").write_text("")
    out = run_cli("export", str(EXAMPLE), "--out", str(tmp_path / where))
    assert_one_clean_line(out)


def test_npz_is_written_at_exactly_the_path_given(tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    image_transcript(src)
    out = run_cli("export", str(src), "--format", "npz", "--out", str(tmp_path / "imgs.bin"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "imgs.bin").stat().st_size > 0
    assert not (tmp_path / "imgs.bin.npz").exists()


def test_a_failed_export_leaves_no_output_and_no_temporary_file(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    lines = EXAMPLE.read_text().splitlines()
    bad_line = '{"event":"note","step":3,"text":1}'
    src.write_text("\n".join([*lines[:40], bad_line, *lines[40:]]) + "\n")
    out = run_cli("export", str(src), "--format", "md", "--out", str(tmp_path / "x.md"))
    assert ":41: bad event" in assert_one_clean_line(out)
    # npz of a text transcript fails while writing, after the temporary file exists
    out = run_cli("export", str(EXAMPLE), "--format", "npz", "--out", str(tmp_path / "x.npz"))
    assert "no step has an image" in assert_one_clean_line(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_write_output_never_follows_a_symlink_at_a_temporary_name(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / ".x.jsonl.tmp").symlink_to(outside / "pwned")
    write_output(out_dir / "x.jsonl", lambda f: f.write(b"data\n"))
    assert (out_dir / "x.jsonl").read_bytes() == b"data\n"
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in out_dir.iterdir()) == [".x.jsonl.tmp", "x.jsonl"]


def test_write_output_failure_leaves_nothing(tmp_path: Path) -> None:
    def boom(f: object) -> None:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_output(tmp_path / "x.bin", boom)
    assert list(tmp_path.iterdir()) == []


def test_import_tot_never_writes_outside_out_through_a_planted_symlink(tmp_path: Path) -> None:
    log = tot_log(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    target = out_dir / f"{log.stem}-p0.jsonl"
    (out_dir / f".{target.name}.tmp").symlink_to(outside / "pwned")
    done = run_cli("import", "tot", str(log), "--out", str(out_dir))
    assert done.returncode == 0, done.stderr
    assert list(outside.iterdir()) == []
    assert target.is_file() and not target.is_symlink()


def test_import_tot_refuses_a_symlink_at_an_output_name_unless_forced(tmp_path: Path) -> None:
    log = tot_log(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (out_dir / f"{log.stem}-p0.jsonl").symlink_to(victim)
    assert "already exists" in assert_one_clean_line(
        run_cli("import", "tot", str(log), "--out", str(out_dir)))
    forced = run_cli("import", "tot", str(log), "--out", str(out_dir), "--force")
    assert forced.returncode == 0, forced.stderr
    assert victim.read_text() == "keep"


def test_a_second_writer_on_the_same_path_is_an_input_error_naming_it(tmp_path: Path) -> None:
    header = HeaderEvent(tool_version="t", loop="toy", scaffold="s", model=ModelInfo(id="m"),
                         task=TaskInfo(name="n"))
    path = tmp_path / "run.jsonl"
    with TranscriptWriter(path, header), pytest.raises(InputError, match=f"{path}: already"):
        TranscriptWriter(path, header)
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "nowhere")
    with pytest.raises(InputError, match="already exists"):
        TranscriptWriter(tmp_path / "link.jsonl", header)
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "afile").write_text("")
    with pytest.raises(InputError, match="not a directory"):
        TranscriptWriter(tmp_path / "afile" / "run.jsonl", header)
