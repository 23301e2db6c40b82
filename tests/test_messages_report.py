"""`report` tells a missing directory from a path that is not a directory."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_inputs import assert_one_clean_line, run_cli


def test_a_missing_directory_is_no_such_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nosuchdir"
    line = assert_one_clean_line(run_cli("report", str(missing)))
    assert line == f"mesascope: {missing}: no such directory"


def test_a_file_is_not_a_directory(tmp_path: Path) -> None:
    afile = tmp_path / "index.csv"
    afile.write_text("x\n")
    line = assert_one_clean_line(run_cli("report", str(afile)))
    assert line == f"mesascope: {afile}: not a directory"
