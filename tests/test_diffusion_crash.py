"""The crash check on the diffusion loop: kill -9 a headless run mid-sampling, then the
transcript still opens and holds the steps written so far."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scaffold.models.diffusers_backend import CLASSIFIER_PATH, EMBEDDED_DIR
from tests.diffusion_tiny import save_tiny_native_model

REPO = Path(__file__).resolve().parent.parent
MESASCOPE = Path(sys.executable).parent / "mesascope"  # the venv running the tests

_SCRIPT = """
import sys
from pathlib import Path
from scaffold.loops.diffusion import DiffusionConfig, DiffusionLoop
from scaffold.models.diffusers_backend import load_native_model
from tests.diffusion_tiny import tiny_verifier
from tui.commands.run import run_headless
config = DiffusionConfig(scaffold="denoise", samples=64, steps=1000, seed=0)
loop = DiffusionLoop(load_native_model(Path(sys.argv[1])), tiny_verifier(), config)
run_headless(loop, Path(sys.argv[2]))
"""


def _cli_has_run() -> bool:
    out = subprocess.run([str(MESASCOPE), "--help"], capture_output=True, text=True, check=False)
    return " run " in out.stdout and EMBEDDED_DIR.is_dir() and CLASSIFIER_PATH.is_file()


def _state_lines(path: Path) -> int:
    if not path.exists():
        return 0
    return path.read_bytes().count(b'{"event":"state"')


def test_kill_9_during_a_headless_diffusion_run_keeps_every_written_step(tmp_path: Path) -> None:
    out = tmp_path / "killed.jsonl"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    if _cli_has_run():
        cmd = [str(MESASCOPE), "run", "--loop", "diffusion", "--headless", "--samples", "64",
               "--steps", "1000", "--out", str(out)]
    else:
        model = save_tiny_native_model(tmp_path / "tiny")
        cmd = [sys.executable, "-c", _SCRIPT, str(model), str(out)]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _state_lines(out) < 70 and time.monotonic() < deadline:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        assert _state_lines(out) >= 70, "no steps appeared within two minutes"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    info = subprocess.run(
        [str(MESASCOPE), "info", str(out), "--json"], capture_output=True, text=True, env=env,
        check=False,
    )
    assert info.returncode == 0, info.stderr
    summary = json.loads(info.stdout)
    assert summary["loop"] == "diffusion" and summary["steps"] >= 64
    assert summary["events"]["state"] >= 64
