"""An exception in a user loop's own code (an event it builds without a field, a bug in its
`propose`) is one line naming the loop's file, line and function and the exception, exit 2:
it was 'internal error: ValidationError ...', blaming mesascope (exploratory QA). The steps
recorded before it stay in the transcript, in `run`, `intervene` and a sweep's row."""

from __future__ import annotations

import textwrap
from pathlib import Path

from scaffold.api import SearchLoop
from scaffold.loops.toy import ToyLoop
from scaffold.run.registry import load_user_class
from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.job import run_job
from scaffold.sweep.plan import plan_sweep
from scaffold.transcript import read_transcript
from tests.cli_in_process import mesascope_in_process

MISSING_FIELD = """
from scaffold.api import LoopConfig
from scaffold.transcript.events import HeaderEvent, ModelInfo, StateEvent, TaskInfo

class Builds:
    Config = LoopConfig

    def __init__(self, config):
        self.header = HeaderEvent(tool_version="0", loop="custom", scaffold="Builds",
                                  model=ModelInfo(id="none", backend="none"),
                                  task=TaskInfo(name="custom"), seed=0, config={})

    def start(self, ids):
        for k in range(5):
            step = ids.take()
            if k == 3:
                yield [StateEvent(parent=step - 1, text=str(k))]
            yield [StateEvent(step=step, parent=None if k == 0 else step - 1, text=str(k))]

    def fork(self, origin, ids, seed, params):
        return iter(())
"""

RAISES = """
from pathlib import Path

from scaffold.api import SearchLoop

FAIL = Path(__file__).with_name("fail")


class Raises(SearchLoop):
    def initial(self, rng):
        return "0"

    def propose(self, state, rng):
        if int(state) >= 4 or FAIL.exists():
            return [str(int(state) + 1 / 0)]
        return [str(int(state) + 1), str(int(state) + 2)]

    def evaluate(self, state, candidates):
        return [0.0, 1.0][:len(candidates)]
"""


def _loop(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "myloop.py"
    path.write_text(textwrap.dedent(text))
    return path


def _line_of(path: Path, code: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if code in line)


def _one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.startswith("mesascope:")]
    assert len(lines) == 1, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    return lines[0]


def test_an_event_built_without_a_field_is_blamed_on_the_loop_file(tmp_path: Path) -> None:
    loop = _loop(tmp_path, MISSING_FIELD)
    out = tmp_path / "run.jsonl"
    done = mesascope_in_process("run", "--loop", f"{loop}:Builds", "--headless", "--out", out)
    assert done.returncode == 2, done.stderr
    line = _line_of(loop, "StateEvent(parent=step - 1")
    assert _one_line(done.stderr) == (
        f"mesascope: {loop}, line {line}, in Builds.start: the loop raised ValidationError: "
        "StateEvent: step: Field required")
    _, events, truncated = read_transcript(out)
    assert not truncated and [e.text for e in events if e.event == "state"] == ["0", "1", "2"]


def test_an_exception_in_a_search_loops_method_is_blamed_on_its_line(tmp_path: Path) -> None:
    loop = _loop(tmp_path, RAISES)
    out = tmp_path / "run.jsonl"
    done = mesascope_in_process("run", "--loop", f"{loop}:Raises", "--headless", "--out", out,
                                "--steps", "10")
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) == (
        f"mesascope: {loop}, line {_line_of(loop, '1 / 0')}, in Raises.propose: the loop raised "
        "ZeroDivisionError: division by zero")
    _, events, _ = read_transcript(out)
    assert [e.text for e in events if e.event == "state"] == ["0", "2"]
    debug = mesascope_in_process("--debug", "run", "--loop", f"{loop}:Raises", "--headless",
                                 "--out", tmp_path / "debug.jsonl")
    assert debug.returncode == 2 and "Traceback" in debug.stderr and "1 / 0" in debug.stderr


def test_an_exception_in_the_loops_constructor_is_blamed_on_it(tmp_path: Path) -> None:
    loop = _loop(tmp_path, RAISES + "\n    def __init__(self, config):\n"
                                    "        raise KeyError('no such thing')\n")
    done = mesascope_in_process("run", "--loop", f"{loop}:Raises", "--headless",
                                "--out", tmp_path / "run.jsonl")
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) == (
        f"mesascope: {loop}, line {_line_of(loop, 'no such thing')}, in Raises.__init__: the "
        "loop raised KeyError: 'no such thing'")


def test_intervene_blames_the_loop_file_and_keeps_the_arms_before(tmp_path: Path) -> None:
    loop = _loop(tmp_path, RAISES)
    out = tmp_path / "run.jsonl"
    mesascope_in_process("run", "--loop", f"{loop}:Raises", "--headless", "--out", out)
    (tmp_path / "fail").touch()  # the forks' propose raises now
    done = mesascope_in_process("intervene", out, "--loop", f"{loop}:Raises", "--kind",
                                "shuffle", "--headless", "--seeds", "1")
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) == (
        f"mesascope: {loop}, line {_line_of(loop, '1 / 0')}, in Raises.propose: the loop raised "
        "ZeroDivisionError: division by zero")
    _, events, truncated = read_transcript(out)
    assert not truncated and [e.text for e in events if e.event == "state"][:2] == ["0", "2"]


def test_a_sweep_row_names_the_loop_file_and_line(tmp_path: Path) -> None:
    loop = _loop(tmp_path, RAISES)
    spec = tmp_path / "spec.toml"
    spec.write_text(f'loop = "{loop}:Raises"\nseeds = 1\n[settings]\nsteps = 10\n')
    plan = plan_sweep(spec, tmp_path / "out")
    row = run_job(plan.todo[0], tmp_path / "out", CachedBuilder(), score=False)
    assert row["status"] == "failed"
    assert row["error"] == (
        f"LoopCodeError: {loop}, line {_line_of(loop, '1 / 0')}, in Raises.propose: the loop "
        "raised ZeroDivisionError: division by zero")
    _, events, _ = read_transcript(tmp_path / "out" / row["transcript"])
    assert [e.text for e in events if e.event == "state"] == ["0", "2"]


def test_mesascopes_own_loops_and_other_code_are_not_blamed(tmp_path: Path) -> None:
    """A built-in loop's exception stays an internal error, and so does one raised outside
    the user loop's file."""
    from scaffold.loops.user_code import blame, user_files

    assert user_files(ToyLoop) == set() and user_files(SearchLoop) == set()
    user = load_user_class(f"{_loop(tmp_path, RAISES)}:Raises")
    assert user_files(user) == {str(tmp_path / "myloop.py")}
    try:
        int("x")
    except ValueError as err:
        assert blame(ToyLoop, err) is None and blame(user, err) is None


def test_intervene_blames_a_loop_hook_that_raises_while_planning(tmp_path: Path) -> None:
    """A user loop's `forkable` runs while intervene plans, before any arm: its exception was
    an internal error."""
    loop = _loop(tmp_path, RAISES + """

class RaisesPlanning(Raises):
    def forkable(self, view, replaces_scores):
        return 1 / 0
""")
    out = tmp_path / "run.jsonl"
    mesascope_in_process("run", "--loop", f"{loop}:RaisesPlanning", "--headless", "--out", out)
    done = mesascope_in_process("intervene", out, "--loop", f"{loop}:RaisesPlanning", "--kind",
                                "shuffle", "--headless", "--seeds", "1")
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) == (
        f"mesascope: {loop}, line {_line_of(loop, 'return 1 / 0')}, in "
        "RaisesPlanning.forkable: the loop raised ZeroDivisionError: division by zero")
