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
