"""Interventions: known answers (a loop that reads its scores, one that selects on a hidden
variable correlated with them, one that ignores them), the `interventions` block and the
`search-causal` label, and `mesascope intervene` on the toy loop with its bad inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.api import Recorder
from scaffold.interventions.kinds import Intervention
from scaffold.interventions.run import make_plan, run_plan
from scaffold.loops.runner import LoopRunner
from scaffold.run.drive import drive
from scaffold.scoring import score_transcript, score_views
from scaffold.scoring.interventions import InterventionCollector
from scaffold.scoring.report import ScoreReport
from scaffold.simulators.intervention_loops import (
    BlindSelector,
    HiddenSelector,
    ScoreSelector,
)
from scaffold.transcript import read_transcript
from tests.conftest import REPO
from tests.test_scoring_schema import _problems

KNOWN = (ScoreSelector, HiddenSelector, BlindSelector)


def _record(cls: type, seed: int, steps: int, out: Path) -> tuple[LoopRunner, object]:
    loop = cls(cls.Config(seed=seed, steps=steps, n=4))
    runner = LoopRunner(loop, out)
    drive(runner)
    return runner, loop


def _intervene(runner: LoopRunner, loop: object, kind: str, *, at: int | None = None,
               seeds: int = 8) -> None:
    plan = make_plan(loop, runner.views, runner.tree.order, Intervention.parse(kind),  # type: ignore[arg-type]
                     at=at, seeds=seeds)
    run_plan(runner, loop, plan)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["shuffle", "invert"])
def test_interventions_separate_reading_the_scores_from_a_correlated_hidden_variable_and_blindness(
    kind: str, tmp_path: Path
) -> None:
    """Over 50 seeds at α = 0.01: the score selector's choices follow the intervened evaluator
    in ≥ 90% of runs, the hidden-variable and blind selectors' in ≤ 2%."""
    rates = {}
    for cls in KNOWN:
        follows = 0
        for seed in range(50):
            runner, loop = _record(cls, seed, 3, tmp_path / f"{cls.__name__}-{seed}.jsonl")
            _intervene(runner, loop, kind)
            runner.close()
            collector = InterventionCollector()
            claimed = [collector.claim(runner.views[s]) for s in runner.tree.order]
            assert claimed.count(False) == 3, "the run's own steps stay in the main report"
            stats = collector.summary()[kind]
            assert stats.n_pairs == 2 * 8 and stats.n_seeds == 8
            follows += stats.follows
        rates[cls.__name__] = follows
    assert rates["ScoreSelector"] >= 45, rates
    assert rates["HiddenSelector"] <= 1, rates
    assert rates["BlindSelector"] <= 1, rates


def test_the_correlational_test_calls_the_hidden_variable_selector_a_search(
    tmp_path: Path
) -> None:
    runner, _ = _record(HiddenSelector, 0, 60, tmp_path / "hidden.jsonl")
    runner.close()
    report = score_views([runner.views[s] for s in runner.tree.order])
    assert report.verdict.is_search, report.verdict


def test_search_causal_needs_the_selection_test_and_a_followed_evaluator(tmp_path: Path) -> None:
    verdicts = {}
    for cls in (ScoreSelector, HiddenSelector):
        out = tmp_path / f"{cls.__name__}.jsonl"
        runner, loop = _record(cls, 1, 30, out)
        _intervene(runner, loop, "shuffle", at=runner.tree.order[0])
        runner.close()
        report = score_transcript(out)
        block = report.interventions["shuffle"]
        verdicts[cls.__name__] = report.verdict
        assert report.n_steps == 30, "intervention arms are not part of the run's own report"
        assert block.scorer == "intervened:shuffle" and block.from_steps == [0]
        assert block.n_pairs == 8 and block.p_value is not None
        if cls is ScoreSelector:
            assert block.follows and block.p_value < 0.01
            assert block.u_intervened == 1.0 and (block.u_control or 1.0) < 0.8
            assert block.objective.effect is not None and block.objective.effect < 0
        else:
            assert not block.follows and block.p_value == 1.0 and block.agreement == 1.0
            assert block.objective.effect == 0.0
    assert verdicts == {"ScoreSelector": "search-causal", "HiddenSelector": "search-strong"}


def test_replaced_scores_are_recorded_under_the_intervention_and_forks_name_it(
    tmp_path: Path
) -> None:
    out = tmp_path / "climb.jsonl"
    runner, loop = _record(ScoreSelector, 2, 4, out)
    _intervene(runner, loop, "constant", seeds=2)
    runner.close()
    _, events, _ = read_transcript(out)
    forks = [e for e in events if e.event == "fork"]
    assert len(forks) == 3 * 2 * 2
    assert {(f.params["intervention"], f.params["arm"]) for f in forks} == {
        ("constant", "intervened"), ("constant", "control")}
    replaced = [e for e in events if e.event == "score" and e.scorer == "intervened:constant"]
    assert replaced and {e.value for e in replaced} == {0.0}
    assert {e.detail for e in replaced} == {None, "recorded, not used"}


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


@pytest.fixture
def toy_run(tmp_path: Path) -> Path:
    out = tmp_path / "toy.jsonl"
    done = cli("run", "--loop", "toy", "--headless", "--steps", "5", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_intervene_appends_paired_arms_to_the_toy_run_and_score_reports_them(
    toy_run: Path, tmp_path: Path
) -> None:
    for kind in ("shuffle", "constant", "invert", "swap:match"):
        done = cli("intervene", str(toy_run), "--kind", kind, "--seeds", "3", "--headless")
        assert done.returncode == 0, done.stderr
        assert "4 step(s) x 3 seeds x 2 arms = 24 runs" in done.stderr
        assert "run 24/24" in done.stderr
    copy = tmp_path / "copy.jsonl"
    done = cli("intervene", str(toy_run), "--kind", "invert", "--at", "1", "--seeds", "2",
               "--headless", "--out", str(copy))
    assert done.returncode == 0, done.stderr
    assert copy.stat().st_size > toy_run.stat().st_size
    scored = cli("score", "--json", str(toy_run))
    report = json.loads(scored.stdout)
    assert sorted(report["interventions"]) == ["constant", "invert", "shuffle", "swap:match"]
    assert report["n_steps"] == 5
    assert report["interventions"]["constant"]["p_value"] is None, "constant ties every score"
    assert report["interventions"]["invert"]["follows"] in (True, False)
    card = cli("score", str(toy_run)).stdout
    assert "Intervene   constant:" in card and "invert:" in card
    schema = json.loads(cli("schema", "--report").stdout)
    assert _problems(report, schema, schema["$defs"]) == []
    back = ScoreReport.model_validate(report)
    assert back.interventions["invert"].n_pairs == 4 * 3, "the --out copy is apart"


def test_several_kinds_in_one_call_record_what_separate_calls_do(
    toy_run: Path, tmp_path: Path
) -> None:
    together = tmp_path / "together.jsonl"
    shutil.copyfile(toy_run, together)
    kinds = ("shuffle", "invert", "swap:match")
    for kind in kinds:
        done = cli("intervene", str(toy_run), "--kind", kind, "--seeds", "2", "--headless")
        assert done.returncode == 0, done.stderr
    done = cli("intervene", str(together), *(a for k in kinds for a in ("--kind", k)),
               "--seeds", "2", "--headless")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("4 step(s) x 2 seeds x 2 arms = 16 runs") == 3
    separate = json.loads(cli("score", "--json", str(toy_run)).stdout)["interventions"]
    assert json.loads(cli("score", "--json", str(together)).stdout)["interventions"] == separate
    assert sorted(separate) == ["invert", "shuffle", "swap:match"]
    size = together.stat().st_size
    bad = cli("intervene", str(together), "--kind", "invert", "--kind", "bogus", "--headless")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "bogus" in bad.stderr
    assert together.stat().st_size == size, "nothing recorded before every kind was checked"


def _imported(tmp_path: Path) -> Path:
    out = tmp_path / "recorded.jsonl"
    with Recorder(out, scaffold="best-of-n", task="t") as rec:
        rec.state("q")
        rec.decide(["a", "b"], [0.1, 0.9], 1)
    return out


@pytest.mark.parametrize(("args", "says"), [
    (["--kind", "sort"], "--kind: unknown intervention 'sort'"),
    (["--kind", "shuffle", "--at", "4"], "--at 4: step 4 has no decision"),
    (["--kind", "shuffle", "--at", "99"], "--at 99: no such step"),
    (["--kind", "swap:nobody"], "--kind swap:nobody: no such scorer"),
    (["--kind", "retarget:7"], "retarget: the hill-climb loop has no objective to change"),
    (["--kind", "invert:2"], "--kind: invert takes no value"),
    (["--kind", "shuffle", "--seeds", "0"], "--seeds: must be 1 to 10000"),
])
def test_bad_intervene_input_is_one_line_and_exit_2(toy_run: Path, args: list[str],
                                                     says: str) -> None:
    done = cli("intervene", str(toy_run), *args, "--headless")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("mesascope: ") and says in done.stderr, done.stderr


def test_a_recorder_log_cannot_be_intervened_on(tmp_path: Path) -> None:
    path = _imported(tmp_path)
    done = cli("intervene", str(path), "--kind", "shuffle", "--headless")
    assert done.returncode == 2
    assert done.stderr.strip() == (f"mesascope: {path}: a log written with the Recorder has no "
                                   "live loop to fork (intervene forks a loop mesascope runs, as "
                                   "`run --loop FILE.py:CLASS` does)")


def test_the_critique_edit_reverses_the_evaluation_and_its_control_edits_as_much_elsewhere(
) -> None:
    from scaffold.interventions.critique import negate, same_length_edit

    text = "The answer is correct and the moves are valid."
    assert negate(text) == "The answer is incorrect and the moves are invalid."
    assert negate("Wrong: step 2.") == "Right: step 2."
    assert negate("Try 3 * 8.") == "This is wrong. Try 3 * 8."
    for t in (text, "Step 2 is wrong.", "Try 3 * 8."):
        control = same_length_edit(t)
        assert control.startswith(t), "the control leaves the evaluation as it was"
        grew = len(negate(t)) - len(t)
        assert len(control) - len(t) == (grew or len("wrong"))
