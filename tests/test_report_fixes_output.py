"""`mesascope report --out` goes through the export guard: never the sweep's index or run
files, never an existing file (report or plot) without force, never a missing directory;
refused as one line, exit 2, with nothing created or changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scaffold.errors import InputError
from tests.cli_in_process import mesascope_in_process as mesascope
from tests.sweep_fixtures import make_sweep
from tui.commands.report import run_report


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sweep(tmp_path_factory.mktemp("guard"))


@pytest.fixture
def sweep(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy per test, so a test that overwrites cannot spoil the next."""
    return Path(shutil.copytree(pristine, tmp_path / "sweep"))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def refused(done_stderr: str, returncode: int, message: str) -> None:
    assert returncode == 2, done_stderr
    assert message in done_stderr and done_stderr.count("\n") == 1, done_stderr
    assert "Traceback" not in done_stderr


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("target", ["index", "run"])
def test_the_sweeps_own_files_are_never_the_output(sweep: Path, fmt: str, target: str) -> None:
    before = snapshot(sweep.parent)
    out = (sweep / "index.csv" if target == "index"
           else sorted((sweep / "runs").iterdir())[0])
    done = mesascope("report", sweep, "--format", fmt, "--out", out)
    refused(done.stderr, done.returncode, "is the input")
    assert snapshot(sweep.parent) == before


def test_the_index_is_refused_even_with_force(sweep: Path) -> None:
    before = snapshot(sweep.parent)
    with pytest.raises(InputError, match="is the input"):
        run_report(sweep, "md", sweep / "index.csv", [], force=True)
    assert snapshot(sweep.parent) == before


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_existing_report_is_kept_without_force_and_replaced_with_it(
    sweep: Path, fmt: str
) -> None:
    out = sweep.parent / f"r.{fmt}"
    out.write_text("keep me")
    before = snapshot(sweep.parent)
    done = mesascope("report", sweep, "--format", fmt, "--out", out)
    refused(done.stderr, done.returncode, "already exists (pass --force to overwrite)")
    assert snapshot(sweep.parent) == before
    done = mesascope("report", sweep, "--format", fmt, "--out", out, "--force")
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("# Sweep report" if fmt == "md" else "<!DOCTYPE html>")


def test_an_existing_plot_is_kept_without_force(sweep: Path) -> None:
    plots = sweep.parent / "r-plots"
    plots.mkdir()
    (plots / "u-bar.svg").write_text("keep me")
    before = snapshot(sweep.parent)
    done = mesascope("report", sweep, "--format", "md", "--out", sweep.parent / "r.md")
    refused(done.stderr, done.returncode, "u-bar.svg: already exists")
    assert snapshot(sweep.parent) == before
    run_report(sweep, "md", sweep.parent / "r.md", [], force=True)
    assert (plots / "u-bar.svg").read_text().startswith("<svg")


def test_a_plots_path_that_is_a_file_is_refused_before_anything_is_written(sweep: Path) -> None:
    (sweep.parent / "r-plots").write_text("not a folder")
    before = snapshot(sweep.parent)
    done = mesascope("report", sweep, "--format", "md", "--out", sweep.parent / "r.md")
    refused(done.stderr, done.returncode, "r-plots: the plots' folder exists")
    assert snapshot(sweep.parent) == before


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_missing_directory_is_one_line_and_nothing_is_created(
    sweep: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "nodir" / "deeper" / f"r.{fmt}"
    done = mesascope("report", sweep, "--format", fmt, "--out", out)
    refused(done.stderr, done.returncode, "no such directory")
    assert not (tmp_path / "nodir").exists()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_written_report_leaves_no_temporary_files(sweep: Path, fmt: str) -> None:
    out = sweep.parent / f"r.{fmt}"
    done = mesascope("report", sweep, "--format", fmt, "--out", out)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in sweep.parent.rglob("*")}
    assert not [n for n in names if n.endswith(".tmp")]
    if fmt == "md":
        assert sorted(p.name for p in (sweep.parent / "r-plots").iterdir()) == [
            "p-values.svg", "solved-vs-compute.svg", "u-bar.svg", "verdicts.svg"]
