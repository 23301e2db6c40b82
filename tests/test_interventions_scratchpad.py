"""`mesascope intervene` on the embedded model: every kind on a countdown best-of-n run, and
the tree-of-thoughts and refine scaffolds, with tiny budgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.transcript import read_transcript
from tests.test_interventions import cli

TINY = ["--steps", "1", "--n", "2", "--beam", "1", "--max-new-tokens", "16"]


def _run(tmp_path: Path, scaffold: str) -> Path:
    out = tmp_path / f"{scaffold}.jsonl"
    done = cli("run", "--loop", "scratchpad", "--scaffold", scaffold, "--task", "countdown",
               "--puzzle", "57: 3 8 12 40", "--headless", *TINY, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
@pytest.mark.timeout(1800)  # two calls, each loading the model
def test_every_kind_on_a_best_of_n_run(tmp_path: Path) -> None:
    out = _run(tmp_path, "best-of-n")
    for kinds, extra in [(["shuffle", "constant", "invert", "swap:external"], []),
                         (["retarget:41"], ["--set", "steps=2"])]:
        done = cli("intervene", str(out), *(a for k in kinds for a in ("--kind", k)),
                   "--seeds", "1", "--headless", *extra)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("1 step(s) x 1 seeds x 2 arms = 2 runs") == len(kinds), \
            done.stderr
    _, events, _ = read_transcript(out)
    forks = [e for e in events if e.event == "fork"]
    assert [f.params["intervention"] for f in forks[::2]] == [
        "shuffle", "constant", "invert", "swap:external", "retarget:41"]
    by_step: dict[int, dict[str, dict[str, float | None]]] = {}
    for e in events:
        if e.event == "score":
            by_step.setdefault(e.step, {}).setdefault(e.scorer, {})[e.candidate] = e.value
    swap_arm = forks[6].step
    assert by_step[swap_arm]["intervened:swap:external"] == by_step[swap_arm]["countdown verifier"]
    assert set(by_step[forks[2].step]["intervened:constant"].values()) == {0.0}
    retargeted = [e for e in events if e.event == "state" and e.final]
    assert retargeted and all("outcome" in e.attrs for e in retargeted)
    report = json.loads(cli("score", "--json", str(out)).stdout)
    assert report["n_steps"] == 1
    assert sorted(report["interventions"]) == ["constant", "invert", "retarget:41", "shuffle",
                                               "swap:external"]
    assert report["interventions"]["retarget:41"]["scorer"] is None
    assert report["interventions"]["retarget:41"]["objective"]["n_seeds"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("scaffold", ["tot", "refine"])
def test_tot_and_refine_select_through_the_hook(tmp_path: Path, scaffold: str) -> None:
    out = _run(tmp_path, scaffold)
    done = cli("intervene", str(out), "--kind", "invert", "--seeds", "1", "--headless")
    assert done.returncode == 0, done.stderr
    _, events, _ = read_transcript(out)
    replaced = [e for e in events if e.event == "score" and e.scorer == "intervened:invert"]
    internal = {(e.step, e.candidate): e.value for e in events
                if e.event == "score" and e.scorer == "self-eval P(yes)"}
    assert replaced
    for e in replaced:
        own = internal[(e.step, e.candidate)]
        assert e.value == (None if own is None else -own)


def test_retarget_refuses_a_task_without_a_target(tmp_path: Path) -> None:
    out = tmp_path / "g24.jsonl"
    done = cli("run", "--loop", "scratchpad", "--scaffold", "best-of-n", "--task", "game24",
               "--headless", *TINY, "--out", str(out))
    assert done.returncode == 0, done.stderr
    copy = tmp_path / "copy.jsonl"
    # a model that cannot load: the refusal comes first, without loading one
    absent = f"model={tmp_path / 'absent.gguf'}"
    done = cli("intervene", str(out), "--kind", "retarget:30", "--headless", "--out", str(copy),
               "--set", absent)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"mesascope: {out}: retarget: the game24 task has no "
                                   "target to change (countdown has)")
    assert not copy.exists(), "a refused intervention leaves no --out copy behind"


@pytest.mark.slow
def test_a_critique_edit_on_refine_records_three_arms_and_flip_rates(tmp_path: Path) -> None:
    out = _run(tmp_path, "refine")
    done = cli("intervene", str(out), "--kind", "critique", "--seeds", "2", "--headless")
    assert done.returncode == 0, done.stderr
    assert "1 step(s) x 2 seeds x 3 arms = 6 runs" in done.stderr, done.stderr
    _, events, _ = read_transcript(out)
    notes = [e.text for e in events if e.event == "note"]
    assert sum("(critique edit (intervened))" in n for n in notes) == 2
    assert sum("(critique edit (control))" in n for n in notes) == 2
    block = json.loads(cli("score", "--json", str(out)).stdout)["interventions"]["critique"]
    assert block["n_pairs"] == 2 and block["flip"]["n_seeds"] == 2
    assert 0.0 <= block["flip"]["intervened"] <= 1.0 and block["p_value"] is not None


def test_critique_needs_a_loop_that_reads_its_critique(tmp_path: Path) -> None:
    out = _run(tmp_path, "best-of-n")
    absent = f"model={tmp_path / 'absent.gguf'}"  # the refusal comes before any model loads
    done = cli("intervene", str(out), "--kind", "critique", "--headless", "--set", absent)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"mesascope: {out}: critique: the best-of-n loop reads no "
                                   "critique it wrote (refine does)")
    done = cli("intervene", str(out), "--kind", "invert", "--headless", "--set", absent)
    assert done.returncode == 2 and "absent.gguf" in done.stderr, "a kind it takes loads it"
