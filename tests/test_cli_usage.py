"""Usage mistakes (missing argument, unknown option or command) are one line and exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "args", [["info"], ["info", "--bogus", "x"], ["no-such-command"], ["export", "x", "--format"]]
)
def test_usage_error_is_one_line_and_exit_2(args: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True)
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert out.stderr.startswith("mesascope: ") and "Traceback" not in out.stderr


def test_help_exits_0() -> None:
    out = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "replay" in out.stdout and "score" in out.stdout


@pytest.mark.parametrize("mode", [["--headless"], []])
def test_run_refuses_an_existing_out_file_in_one_line(tmp_path, mode: list[str]) -> None:
    existing = tmp_path / "taken.jsonl"
    existing.write_text("keep me\n")
    out = subprocess.run(
        [sys.executable, "-m", "tui", "run", "--loop", "toy", "--steps", "2", *mode,
         "--out", str(existing)],
        capture_output=True, text=True,
    )
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{existing}: already exists" in lines[0], out.stderr
    assert existing.read_text() == "keep me\n"


@pytest.mark.parametrize(
    ("loop", "setting", "says"),
    [
        ("diffusion", "perturbaton=0.1", "--set perturbaton: not a setting of --loop diffusion"),
        ("diffusion", "rounds=many", "--set rounds: Input should be a valid integer"),
        ("diffusion", "speedups=fast", "--set speedups: Input should be a valid boolean"),
        ("diffusion", "branches=99", "--set branches: Input should be less than or equal to 16"),
        ("scratchpad", "selectby=external", "--set selectby: not a setting of --loop scratchpad"),
        ("scratchpad", "dtype=int4", "--set dtype: Input should be 'float32', 'bfloat16'"),
        ("scratchpad", "temperature=nan", "--set temperature: Input should be a finite number"),
        ("scratchpad", "timeout=0", "--set timeout: Input should be greater than 0"),
        ("toy", "edits=3", "--set edits: not a setting of --loop toy (known: n, scaffold, seed,"),
        ("toy", "n", "--set n: expected KEY=VALUE"),
    ],
)
def test_a_mistyped_or_bad_setting_is_refused_in_one_line(
    tmp_path, loop: str, setting: str, says: str
) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tui", "run", "--loop", loop, "--set", setting, "--headless",
         "--steps", "1", "--out", str(tmp_path / "x.jsonl")],
        capture_output=True, text=True,
    )
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], out.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--loop", "toy", "--class", "3"], "--class: not a setting of --loop toy"),
        (["--loop", "scratchpad", "--temperature", "nan"],
         "--temperature: Input should be a finite number"),
        (["--loop", "scratchpad", "--n", "100000000"], "--n: Input should be less than or equal"),
        (["--loop", "scratchpad", "--seed", "-1"], "--seed: Input should be greater than or"),
        (["--loop", "toy", "--n", "2", "--set", "n=3"], "--set n: given twice"),
        (["--loop", "nosuch"], "--loop: unknown loop 'nosuch'"),
        (["--loop", "missing.py:Loop"], "--loop: missing.py: no such file"),
        (["--loop", "toy", "--run-limit", "0"], "--run-limit: must be 1 to 1000000"),
    ],
)
def test_bad_run_flags_are_refused_before_anything_loads(
    tmp_path, args: list[str], says: str
) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tui", "run", *args, "--headless", "--out",
         str(tmp_path / "x.jsonl")], capture_output=True, text=True,
    )
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], out.stderr
    assert not (tmp_path / "x.jsonl").exists(), "nothing is written on bad input"


def test_an_out_path_under_a_file_is_refused_before_the_model_loads(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = subprocess.run(
        [sys.executable, "-m", "tui", "run", "--loop", "scratchpad", "--headless", "--out",
         str(blocker / "run.jsonl")], capture_output=True, text=True,
    )
    assert out.returncode == 2 and f"{blocker} is not a directory" in out.stderr, out.stderr
    assert "loading" not in out.stderr
