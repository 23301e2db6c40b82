"""The UI commands without a terminal (stdin from /dev/null, stdout to a file: cron, CI, a
pipe) exit 2 in one line instead of starting Textual, which read end-of-file in a loop at
100% CPU forever and wrote escape sequences into the file (found by exploratory QA)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli_in_process import mesascope_in_process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "transcripts" / "example-hill-climb.jsonl"


def test_replay_without_a_terminal_exits_2_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with open(out, "wb") as stdout:
        done = subprocess.run([sys.executable, "-m", "tui", "replay", str(EXAMPLE)],
                              stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                              text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "not a terminal" in done.stderr
    assert out.read_bytes() == b"", "no escape sequences written into the file"


def test_live_run_and_intervene_without_a_terminal_say_to_use_headless(tmp_path: Path) -> None:
    run = mesascope_in_process("run", "--loop", "toy", "--out", tmp_path / "toy.jsonl")
    assert run.returncode == 2 and "--headless" in run.stderr
    assert not (tmp_path / "toy.jsonl").exists()
    target = tmp_path / "arms.jsonl"
    arms = mesascope_in_process("intervene", EXAMPLE, "--kind", "shuffle", "--seeds", "1",
                                "--out", target)
    assert arms.returncode == 2 and "--headless" in arms.stderr, arms.stderr
    assert not target.exists(), "refused before any arm is recorded"
    sweep = mesascope_in_process("replay", tmp_path)
    assert sweep.returncode == 2 and "not a terminal" in sweep.stderr
