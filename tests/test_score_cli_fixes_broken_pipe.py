"""A closed stdout (`mesascope score DIR | head -1`) ends the command quietly with exit code
141 (128 + SIGPIPE, as the shell reports it), not a silent exit 1 or an internal error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.simulated_runs import MESASCOPE, write_simulated


@pytest.mark.parametrize("flags", [[], ["--json", "--pool"]])
def test_a_closed_stdout_is_exit_141_and_nothing_on_stderr(tmp_path: Path,
                                                           flags: list[str]) -> None:
    for i in range(3):
        write_simulated(tmp_path / f"run-{i}.jsonl", "hill_climb", i)
    proc = subprocess.Popen([str(MESASCOPE), "score", *flags, str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first report is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_a_closed_stdout_with_debug_is_quiet_too(tmp_path: Path) -> None:
    run = write_simulated(tmp_path / "run.jsonl", "hill_climb", 1)
    proc = subprocess.run(f"'{MESASCOPE}' --debug score '{run}' | true; "
                          "echo ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "141" and proc.stderr == ""
