"""`export`: the input's problem is reported before the output's, and success says, on one
stderr line, what was written where."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import InputError
from tests.hostile_inputs import EXAMPLE, OSC52_CLEAR, assert_one_clean_line, run_cli
from tui.commands.export import run_export


def test_a_missing_input_is_reported_before_an_existing_output(tmp_path: Path) -> None:
    taken = tmp_path / "taken.json"
    taken.write_text("keep")
    missing = tmp_path / "missing.jsonl"
    line = assert_one_clean_line(run_cli("export", str(missing), "--out", str(taken)))
    assert line == f"mesascope: {missing}: no such file"
    assert taken.read_text() == "keep"


def test_an_input_that_is_not_a_transcript_is_reported_before_an_existing_output(
        tmp_path: Path) -> None:
    taken, bad = tmp_path / "taken.json", tmp_path / "bad.jsonl"
    taken.write_text("keep")
    bad.write_text("not json\n")
    line = assert_one_clean_line(run_cli("export", str(bad), "--out", str(taken)))
    assert line == f"mesascope: {bad}:1: not a mesascope transcript: line 1 is not JSON"


def test_a_good_input_still_refuses_an_existing_output(tmp_path: Path) -> None:
    taken = tmp_path / "taken.json"
    taken.write_text("keep")
    line = assert_one_clean_line(run_cli("export", str(EXAMPLE), "--out", str(taken)))
    assert line == f"mesascope: {taken}: already exists (pass --force to overwrite)"
    assert taken.read_text() == "keep"


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_success_prints_one_line_naming_format_source_and_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    out = tmp_path / f"x.{fmt}"
    assert run_export(EXAMPLE, fmt, out) == out
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"exported {fmt} of {EXAMPLE} -> {out}\n"
    assert out.stat().st_size > 0


def test_the_default_output_is_named_in_the_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "run.jsonl"
    src.write_bytes(EXAMPLE.read_bytes())
    assert run_export(src, "md", None) == tmp_path / "run.md"
    assert capsys.readouterr().err == f"exported md of {src} -> {tmp_path / 'run.md'}\n"


def test_hostile_paths_in_the_line_are_inert(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / f"a{OSC52_CLEAR}\nb.jsonl"
    src.write_bytes(EXAMPLE.read_bytes())
    run_export(src, "json", tmp_path / f"o{OSC52_CLEAR}.json")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err
    assert err.startswith("exported json of ")


def test_nothing_is_printed_on_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError, match="--format: expected json, npz or md, got 'csv'"):
        run_export(EXAMPLE, "csv", tmp_path / "x.csv")
    with pytest.raises(InputError, match="nothing to put in npz"):
        run_export(EXAMPLE, "npz", tmp_path / "x.npz")
    assert capsys.readouterr().err == ""
    assert not list(tmp_path.iterdir())


def test_the_cli_prints_the_line(tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    done = run_cli("export", str(EXAMPLE), "--format", "md", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"exported md of {EXAMPLE} -> {out}\n"
