"""`intervene --loop` names the user loop that recorded a transcript: required for a user
loop's run, refused where it would be ignored or would rebuild the wrong loop; and every
refusal about the transcript is one line naming it (exploratory QA)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.api import Recorder
from tests.cli_in_process import mesascope_in_process
from tests.docs_examples import doc_example


@pytest.fixture
def runs(tmp_path: Path) -> dict[str, Path]:
    """A toy run, a user SearchLoop's run (docs/loops.md) and a Recorder log."""
    climb = tmp_path / "climb.py"
    climb.write_text(doc_example("search-loop"))
    paths = {"toy": tmp_path / "toy.jsonl", "climb": tmp_path / "climb.jsonl",
             "recorder": tmp_path / "rec.jsonl", "class": Path(f"{climb}:Climb")}
    for loop, out in [("toy", paths["toy"]), (str(paths["class"]), paths["climb"])]:
        done = mesascope_in_process("run", "--loop", loop, "--headless", "--steps", "5",
                                    "--out", out)
        assert done.returncode == 0, done.stderr
    with Recorder(paths["recorder"], scaffold="best-of-n", task="t") as rec:
        rec.state("q")
        rec.decide(["a", "b"], [0.1, 0.9], 1)
    return paths


def _refused(*args: str | Path) -> str:
    done = mesascope_in_process("intervene", *args, "--kind", "shuffle", "--headless")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_built_in_name_for_a_user_loops_run_is_refused(runs: dict[str, Path]) -> None:
    """It rebuilt the toy from the Climb run's settings: '--set scaffold: Input should be...'"""
    said = _refused(runs["climb"], "--loop", "toy")
    assert said == (f"mesascope: {runs['climb']}: --loop toy: this transcript was recorded by a "
                    "user loop (Climb), not the built-in toy; name it with --loop FILE.py:CLASS")


def test_loop_for_a_built_in_run_is_refused_not_ignored(runs: dict[str, Path]) -> None:
    said = _refused(runs["toy"], "--loop", runs["class"])
    assert said.startswith(f"mesascope: {runs['toy']}: --loop {runs['class']}: this transcript "
                           "was recorded by the built-in loop toy")


def test_loop_for_a_recorder_log_says_what_it_is(runs: dict[str, Path]) -> None:
    said = _refused(runs["recorder"], "--loop", runs["class"])
    assert said.startswith(f"mesascope: {runs['recorder']}: a log written with the Recorder")


@pytest.mark.parametrize(("run", "at", "says"), [
    ("climb", "99", "--at 99: no such step in the transcript"),
    ("toy", "4", "--at 4: step 4 has no decision"),
])
def test_a_step_the_transcript_lacks_is_said_of_the_file(
        runs: dict[str, Path], run: str, at: str, says: str) -> None:
    loop = ["--loop", str(runs["class"])] if run == "climb" else []
    assert _refused(runs[run], *loop, "--at", at) == f"mesascope: {runs[run]}: {says}"


def test_a_recorded_setting_the_named_loop_lacks_is_not_called_a_set_flag(
        runs: dict[str, Path]) -> None:
    """Another user loop, whose config has no `step`: the value came from the header."""
    said = _refused(runs["climb"], "--loop", f"{Path(__file__).parent / 'sweep_loops.py'}:FlakyToy")
    assert said.startswith(f"mesascope: {runs['climb']}: recorded setting step: not a setting")
