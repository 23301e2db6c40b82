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
        ("scratchpad", "dtype=int4", "--set dtype: 'int4' is not float32"),
        ("toy", "n=3", "--set n: not a setting of --loop toy (known: none)"),
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
