"""`mesascope intervene` on the shipped diffusion model with small budgets: the verifier of a
best-of-n search replaced (the recorded decision redecided), and the guidance class of a plain
denoising run retargeted from each step."""

from __future__ import annotations

import json
from pathlib import Path

from scaffold.transcript import read_transcript
from tests.test_interventions import cli


def _run(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "run.jsonl"
    done = cli("run", "--loop", "diffusion", "--headless", "--steps", "4", "--class", "3",
               *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_every_verifier_kind_on_a_best_of_n_run(tmp_path: Path) -> None:
    out = _run(tmp_path, "--scaffold", "best-of-n", "--n", "3")
    kinds = ("shuffle", "constant", "invert", "swap:internal")
    done = cli("intervene", str(out), *(a for k in kinds for a in ("--kind", k)), "--headless")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("1 step(s) x 8 seeds x 2 arms = 16 runs") == 4, done.stderr
    report = json.loads(cli("score", "--json", str(out)).stdout)
    blocks = report["interventions"]
    assert sorted(blocks) == ["constant", "invert", "shuffle", "swap:internal"]
    invert = blocks["invert"]
    assert invert["u_intervened"] == 1.0 and invert["u_control"] == 0.0
    assert invert["follows"] and invert["p_value"] < 0.01
    assert invert["agreement"] == 0.0 and invert["objective"]["effect"] < 0
    assert blocks["swap:internal"]["agreement"] == 1.0, "the verifier swapped for itself"
    shuffle = blocks["shuffle"]  # a permutation can leave the best in place: fewer seeds differ
    assert shuffle["u_intervened"] == 1.0 and shuffle["u_effect"]["effect"] > 0
    _, events, _ = read_transcript(out)
    redecided = [e for e in events if e.event == "state" and e.final and "outcome" in e.attrs]
    assert len(redecided) == 4 * 16


def test_retargeting_a_denoising_run_from_each_step(tmp_path: Path) -> None:
    out = _run(tmp_path, "--scaffold", "denoise")
    done = cli("intervene", str(out), "--kind", "retarget:7", "--seeds", "2", "--headless")
    assert done.returncode == 0, done.stderr
    assert "x 2 seeds x 2 arms" in done.stderr
    _, events, _ = read_transcript(out)
    forks = [e for e in events if e.event == "fork"]
    arms = {f.params["arm"]: f.params for f in forks}
    assert arms["intervened"]["class"] == 7 and "class" not in arms["control"]
    report = json.loads(cli("score", "--json", str(out)).stdout)
    block = report["interventions"]["retarget:7"]
    assert block["scorer"] is None and block["n_pairs"] == len(forks) // 2
    assert block["objective"]["effect"] > 0, "guiding to 7 raises the confidence in 7"
    assert set(map(int, block["reach_by_step"])) == set(block["from_steps"])


def test_bad_diffusion_interventions_are_one_line(tmp_path: Path) -> None:
    out = _run(tmp_path, "--scaffold", "denoise")
    for kind, says in [("shuffle", "the main branch has no decision step"),
                       ("retarget:12", "retarget: the digit classes are 0-9, got 12"),
                       ("retarget:seven", "a digit class is a whole number 0-9")]:
        done = cli("intervene", str(out), "--kind", kind, "--headless")
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and says in done.stderr, done.stderr
