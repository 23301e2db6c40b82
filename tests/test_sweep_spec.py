"""Bad sweep specs are one line and exit 2 before anything runs, with the run count when the
spec expands; a good spec's expansion is stable, validated and counted (`--dry-run`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.sweep.expand import expand
from scaffold.sweep.spec import load_spec
from tests.cli_in_process import mesascope_in_process
from tests.conftest import REPO


def mesascope(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(text)
    return path


BAD = {
    "unknown top-level key": ('loop = "toy"\nseedz = 3\n', "seedz: unknown key"),
    "unknown key in a table": ('loop = "toy"\n[resources]\ngpus = 1\n',
                               "resources.gpus: unknown key"),
    "not TOML": ('loop = "toy\n', "not valid TOML"),
    "a setting the family lacks": (
        'loop = "toy"\n[settings]\nbeam = 2\n',
        "spec.toml: run 1 of 1 (beam=2, seed=0): beam: not a setting of loop toy"),
    "a scaffold the family lacks": (
        'loop = "toy"\nscaffolds = ["hill-climb", "tot"]\nseeds = 3\n',
        "run 4 of 6 (scaffold=tot, seed=0): scaffolds: Input should be"),
    "a grid value out of bounds": ('loop = "toy"\n[grid]\nn = [2, 0]\n', "run 2 of 2"),
    "an empty grid axis": ('loop = "toy"\n[grid]\nn = []\n', "grid.n: an empty list"),
    "one key on two axes": ('loop = "toy"\nscaffolds = ["hill-climb"]\n[grid]\n'
                            'scaffold = ["random-walk"]\n', "scaffold is set by both"),
    "a bad puzzle": ('loop = "scratchpad"\n[[tasks]]\nname = "game24"\n'
                     'instances = ["4 9 10", "1 1 4 6"]\n', "run 1 of 2"),
    "a bundled set the task lacks": ('loop = "scratchpad"\n[[tasks]]\nname = "countdown"\n'
                                     'instances = {bundled = true}\n', "only game24"),
    "an empty slice": ('loop = "scratchpad"\n[[tasks]]\nname = "game24"\n'
                       'instances = {bundled = true, start = 5000}\n', "is empty"),
    "two runs alike": ('loop = "toy"\nseeds = [1, 1]\n', "without repeats"),
    "an unknown loop": ('loop = "nope"\n', "unknown loop 'nope'"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_spec_is_one_line_exit_2_and_runs_nothing(tmp_path: Path, case: str) -> None:
    text, expected = BAD[case]
    out = tmp_path / "out"
    done = mesascope("sweep", write(tmp_path, text), "--out", out)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert expected in done.stderr
    assert not out.exists()


def test_dry_run_counts_the_runs_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = mesascope("sweep", REPO / "examples/sweeps/toy.toml", "--out", out, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "20 runs (0 finished, 20 to run)" in done.stderr
    assert not out.exists()


def test_the_whole_bundled_game24_set_is_1362_runs_per_seed(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, 'loop = "scratchpad"\nscaffolds = ["tot", "best-of-n"]\n'
                           '[[tasks]]\nname = "game24"\ninstances = {bundled = true}\n'))
    jobs = expand(spec, tmp_path)
    assert len(jobs) == 2 * 1362
    assert len({j.run_id for j in jobs}) == len(jobs)
    assert jobs[0].columns["instance"] == "1 1 4 6"


def test_instances_from_a_file_sliced_relative_to_the_spec(tmp_path: Path) -> None:
    (tmp_path / "puzzles.txt").write_text("# easy ones\n4 9 10 13\n\n1 1 4 6\n2 2 2 9\n")
    spec = load_spec(write(tmp_path, 'loop = "scratchpad"\n[[tasks]]\nname = "game24"\n'
                           'instances = {file = "puzzles.txt", start = 1}\n'))
    assert [j.columns["instance"] for j in expand(spec, tmp_path)] == ["1 1 4 6", "2 2 2 9"]


def test_run_ids_hash_the_full_configuration(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, 'loop = "toy"\nseeds = 2\n[grid]\nn = [4, 5]\n'))
    again = load_spec(write(tmp_path, 'loop = "toy"\nseeds = 2\n[grid]\nn = [5, 4]\n'))
    ids = {j.run_id for j in expand(spec, tmp_path)}
    assert ids == {j.run_id for j in expand(again, tmp_path)}
    explicit = load_spec(write(tmp_path, 'loop = "toy"\nseeds = 2\n[settings]\nn = 4\n'
                               'steps = 60\n'))
    assert {j.run_id for j in expand(explicit, tmp_path)} < ids


def test_every_example_spec_expands(tmp_path: Path) -> None:
    specs = sorted((REPO / "examples/sweeps").glob("*.toml"))
    assert any(p.name == "smoke.toml" for p in specs)
    for path in specs:
        assert expand(load_spec(path), path.parent), path


def test_a_loop_file_is_found_next_to_the_spec(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        expand(load_spec(write(tmp_path, 'loop = "missing.py:Loop"\n')), tmp_path)
    (tmp_path / "loops.py").write_text((REPO / "tests/sweep_loops.py").read_text())
    jobs = expand(load_spec(write(tmp_path, 'loop = "loops.py:FlakyToy"\nseeds = 2\n')),
                  tmp_path)
    assert jobs[0].loop == f"{tmp_path / 'loops.py'}:FlakyToy"


KEYS = {
    "a fractional whole number": (
        "[settings]\nsteps = 1.5\n", "run 1 of 1 (steps=1.5, seed=0): steps: Input should be a "
        "valid integer, got a number with a fractional part"),
    "a grid value": ("[grid]\nn = [2, 0]\n", "run 2 of 2 (n=0, seed=0): n: Input should be "
                     "greater than or equal to 1"),
    "a seed": ("seeds = [-1]\n", "run 1 of 1 (seed=-1): seeds: Input should be greater than "
               "or equal to 0"),
    "an instance": ('loop = "scratchpad"\n[[tasks]]\nname = "game24"\ninstances = ["4 9 10"]\n',
                    "run 1 of 1 (task=game24, puzzle=4 9 10, seed=0): tasks.instances: "
                    "expected 4 numbers, got 3 in '4 9 10'"),
    "a puzzle setting": ('loop = "scratchpad"\n[settings]\ntask = "game24"\npuzzle = "1 2"\n',
                         "run 1 of 1 (task=game24, puzzle=1 2, seed=0): puzzle: expected 4 "
                         "numbers, got 2 in '1 2'"),
}


@pytest.mark.parametrize("case", list(KEYS))
def test_a_runs_error_names_the_spec_and_its_key_not_a_flag(tmp_path: Path, case: str) -> None:
    """It said `--set steps: ...` (or `--puzzle: ...`) of a value from the spec (exploratory
    QA)."""
    text, says = KEYS[case]
    spec = write(tmp_path, text if text.startswith("loop") else f'loop = "toy"\n{text}')
    done = mesascope_in_process("sweep", spec, "--out", tmp_path / "out", "--dry-run")
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"mesascope: {spec}: {says}\n"
