"""Issue 4's scoring check through the real CLI on the embedded digits model: a headless
`best-of-n` run gives regime-A decisions in `mesascope score --json`, and a `denoise` run
gives none (no selection), so the check can fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.models.diffusers_backend import CLASSIFIER_PATH, EMBEDDED_DIR
from tests.diffusion_tiny import strip_wall_times

REPO = Path(__file__).resolve().parent.parent
MESASCOPE = Path(sys.executable).parent / "mesascope"  # the venv running the tests
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}

pytestmark = pytest.mark.skipif(
    not (MESASCOPE.exists() and EMBEDDED_DIR.is_dir() and CLASSIFIER_PATH.is_file()),
    reason="needs the installed CLI and the shipped digits weights",
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MESASCOPE), *args], cwd=REPO, env=ENV, capture_output=True, text=True, check=False
    )


def run_and_score(tmp_path: Path, scaffold: str) -> dict:
    out = tmp_path / f"{scaffold}.jsonl"
    run = cli("run", "--loop", "diffusion", "--scaffold", scaffold, "--class", "3",
              "--n", "3", "--samples", "3", "--steps", "5", "--seed", "0", "--headless",
              "--out", str(out))
    assert run.returncode == 0, run.stderr
    score = cli("score", "--json", str(out))
    assert score.returncode == 0, score.stderr
    return json.loads(score.stdout.splitlines()[0])


def test_best_of_n_run_gives_regime_a_decisions_in_score_json(tmp_path: Path) -> None:
    report = run_and_score(tmp_path, "best-of-n")
    assert report["regime"] == "A"
    assert report["n_decisions"] == 3
    assert report["selection"]["scorer"] == "verifier"
    assert report["selection"]["kind"] == "internal"
    assert report["counts"]["candidates"] == 9 and report["counts"]["scored"] == 9


def test_plain_denoise_has_no_decisions(tmp_path: Path) -> None:
    report = run_and_score(tmp_path, "denoise")
    assert report["regime"] != "A" and report["n_decisions"] == 0


def test_set_speedups_false_records_exactly_what_the_default_does(tmp_path: Path) -> None:
    outs = {}
    for mode in ("true", "false"):
        outs[mode] = tmp_path / f"{mode}.jsonl"
        run = cli("run", "--loop", "diffusion", "--scaffold", "best-of-n", "--class", "4",
                  "--n", "2", "--samples", "2", "--steps", "4", "--seed", "1", "--set",
                  f"speedups={mode}", "--headless", "--out", str(outs[mode]))
        assert run.returncode == 0, run.stderr
    assert strip_wall_times(outs["true"]) == strip_wall_times(outs["false"])
