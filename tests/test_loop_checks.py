"""What a user's loop gives back is checked before it is recorded: a bad step or a bad return
value of a SearchLoop method is one line naming the loop, the method and the value (exit 2), and
the steps before it stay readable; numpy integers are indices like ints."""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from scaffold.api import Recorder, SearchLoop
from scaffold.errors import InputError
from scaffold.transcript import read_transcript
from tests.cli_in_process import mesascope_in_process

SEARCH_LOOP = """
import numpy as np
from scaffold.api import SearchLoop

class Bad(SearchLoop):
    def initial(self, rng):
        return "0"

    def propose(self, state, rng):
        return {propose}

    def evaluate(self, state, candidates):
        return {evaluate}

    def select(self, candidates, scores, rng):
        return ({select}) if int(candidates[0].split(":")[0]) >= 3 else 0

    def objective(self, state):
        return {objective}
"""

GOOD = {
    "propose": "[f'{int(state.split(\":\")[0]) + 1}:{i}' for i in range(4)]",
    "evaluate": "[float(i) for i in range(len(candidates))]",
    "select": "0",
    "objective": "None",
}


def _run_search(tmp_path: Path, **bad: str) -> tuple[int, str, Path]:
    """Run `Bad` (good methods but for `bad`, which act up from the third step on)."""
    parts = {**GOOD}
    for key, value in bad.items():
        parts[key] = (f"({value}) if int(state.split(':')[0]) >= 2 else ({GOOD[key]})"
                      if key != "select" else value)
    path = tmp_path / "bad.py"
    path.write_text(textwrap.dedent(SEARCH_LOOP.format(**parts)))
    out = tmp_path / "bad.jsonl"
    done = mesascope_in_process("run", "--loop", f"{path}:Bad", "--headless", "--steps", "8",
                                "--out", out)
    return done.returncode, done.stderr, out


def _error_line(stderr: str) -> str:
    """The one error line (after the run's `done: N steps` summary, if any)."""
    lines = [ln for ln in stderr.strip().splitlines() if not ln.startswith("done: ")]
    assert len(lines) == 1 and lines[0].startswith("mesascope: "), stderr
    return lines[0]


def _readable_steps(out: Path) -> int:
    _, events, _ = read_transcript(out)
    return len({e.step for e in events if e.event == "state"})


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({"select": "-1"}, r"Bad\.select returned -1: not a candidate index"),
        ({"select": "len(candidates) + 3"}, r"Bad\.select returned 7: not a candidate index"),
        ({"select": "1.0"}, r"Bad\.select must return a candidate index \(an int\), not float"),
        ({"evaluate": "['a', 'b', 'c', 'd']"},
         r"Bad\.evaluate gave score 0 as str 'a': a score is a number or None"),
        ({"evaluate": "None"}, r"Bad\.evaluate must return one score per candidate, not"),
        ({"objective": "'high'"}, r"Bad\.objective must return a number or None, not str"),
        ({"propose": "None"}, r"Bad\.propose must return a list of candidates, not NoneType"),
    ],
)
def test_a_bad_return_value_is_one_line_and_earlier_steps_stay(
    tmp_path: Path, bad: dict[str, str], expected: str
) -> None:
    code, stderr, out = _run_search(tmp_path, **bad)
    assert code == 2, stderr
    assert "internal error" not in stderr
    line = _error_line(stderr)
    assert re.search(expected, line), line
    assert _readable_steps(out) == 2, "the steps before the bad one are on disk and readable"


def test_select_may_return_a_numpy_integer(tmp_path: Path) -> None:
    code, stderr, out = _run_search(tmp_path, select="np.int64(3)")
    assert code == 0, stderr
    assert _readable_steps(out) == 8


class Argmax(SearchLoop):
    def initial(self, rng: random.Random) -> str:
        return "0"

    def propose(self, state: str, rng: random.Random) -> list[str]:
        return [str(int(state) + d) for d in (-1, 1, 2)]

    def evaluate(self, state: str, candidates: Sequence[str]) -> list[float]:
        return [float(c) for c in candidates]

    def select(self, candidates: Sequence[str], scores: Sequence[float | None],
               rng: random.Random) -> int:
        return np.argmax(np.asarray(scores, dtype=float))  # type: ignore[return-value]


def test_np_argmax_is_an_index_from_python(tmp_path: Path) -> None:
    from scaffold.api import drive
    from scaffold.loops.runner import LoopRunner

    runner = LoopRunner(Argmax(), tmp_path / "argmax.jsonl")
    drive(runner, limit=3)
    runner.close()
    _, events, _ = read_transcript(tmp_path / "argmax.jsonl")
    assert [e.text for e in events if e.event == "state"] == ["0", "2", "4"]


PROTOCOL_LOOP = """
from scaffold.api import LoopConfig
from scaffold.transcript.events import HeaderEvent, ModelInfo, StateEvent, TaskInfo

class Yields:
    Config = LoopConfig

    def __init__(self, config):
        self.header = HeaderEvent(tool_version="0", loop="custom", scaffold="Yields",
                                  model=ModelInfo(id="none", backend="none"),
                                  task=TaskInfo(name="custom"), seed=0, config={{}})

    def start(self, ids):
        for k in range(5):
            step = ids.take()
            if k == 3:
                yield [StateEvent(step=step, parent=step - 1, text=str(k)), {bad}]
            else:
                yield [StateEvent(step=step, parent=None if k == 0 else step - 1, text=str(k))]

    def fork(self, origin, ids, seed, params):
        return iter(())
"""


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("self.header", "item 1 of a step is a header event (HeaderEvent), not a step event"),
        ("{'event': 'note'}", "item 1 of a step is dict {'event': 'note'}, not a step event"),
    ],
)
def test_a_protocol_loop_yielding_a_non_step_event_is_refused_before_writing(
    tmp_path: Path, bad: str, expected: str
) -> None:
    path = tmp_path / "yields.py"
    path.write_text(PROTOCOL_LOOP.format(bad=bad))
    out = tmp_path / "yields.jsonl"
    done = mesascope_in_process("run", "--loop", f"{path}:Yields", "--headless", "--out", out)
    assert done.returncode == 2, done.stderr
    line = _error_line(done.stderr)
    assert "loop Yields: " in line and expected in line, line
    header, events, truncated = read_transcript(out)
    assert header.scaffold == "Yields" and not truncated
    assert [e.text for e in events if e.event == "state"] == ["0", "1", "2"], \
        "every earlier step is readable and nothing of the bad step was written"


def test_a_search_loop_with_a_plain_loop_config_is_refused_up_front(tmp_path: Path) -> None:
    path = tmp_path / "plain.py"
    path.write_text(textwrap.dedent("""
        from scaffold.api import LoopConfig, SearchLoop

        class Plain(SearchLoop):
            Config = LoopConfig
            def initial(self, rng): return "0"
            def propose(self, state, rng): return ["1"]
            def evaluate(self, state, candidates): return [1.0]
    """))
    out = tmp_path / "plain.jsonl"
    done = mesascope_in_process("run", "--loop", f"{path}:Plain", "--headless", "--out", out)
    assert done.returncode == 2, done.stderr
    line = _error_line(done.stderr)
    assert "a SearchLoop's Config must derive from SearchLoopConfig" in line and "Plain" in line
    assert not out.exists(), "refused before the transcript is created"


def test_a_search_loop_with_a_plain_loop_config_is_refused_from_python() -> None:
    from scaffold.api import LoopConfig

    class Plain(SearchLoop):
        Config = LoopConfig  # type: ignore[assignment]

    with pytest.raises(InputError, match="must derive from SearchLoopConfig"):
        Plain()


@pytest.mark.parametrize("chosen", [np.int64(1), np.int32(1), [np.int64(1)], np.array([1])])
def test_the_recorder_takes_numpy_indices(tmp_path: Path, chosen: object) -> None:
    path = tmp_path / "rec.jsonl"
    with Recorder(path) as rec:
        rec.state("s")
        rec.decide(["a", "b"], [0.0, 1.0], chosen)  # type: ignore[arg-type]
    _, events, _ = read_transcript(path)
    assert [e.chosen for e in events if e.event == "select"] == [["0.1"]]


@pytest.mark.parametrize("chosen", [1.0, "1", -1, 2, [], [0, 1.5]])
def test_the_recorder_refuses_what_is_no_index(tmp_path: Path, chosen: object) -> None:
    with Recorder(tmp_path / "rec.jsonl") as rec:
        rec.state("s")
        with pytest.raises(InputError, match="is not a candidate index"):
            rec.decide(["a", "b"], [0.0, 1.0], chosen)  # type: ignore[arg-type]


def test_a_replaced_evaluator_is_named_as_the_hook(tmp_path: Path) -> None:
    from scaffold.api import drive
    from scaffold.loops.runner import LoopRunner

    loop = Argmax()
    loop.evaluator = lambda _state, cands: ["x" for _ in cands]  # type: ignore[misc]
    runner = LoopRunner(loop, tmp_path / "hook.jsonl")
    with pytest.raises(InputError, match=r"Argmax\.evaluator gave score 0 as str 'x'"):
        drive(runner, limit=2)
    runner.close()


def test_debug_shows_the_traceback_of_a_loops_error_inert(tmp_path: Path) -> None:
    """--debug printed the traceback raw: a loop's message with a clear-screen or a terminal
    title sequence reached the terminal (found by exploratory QA)."""
    path = tmp_path / "loud.py"
    path.write_text(textwrap.dedent("""
        from scaffold.api import SearchLoop

        class Loud(SearchLoop):
            def initial(self, rng):
                return "0"

            def propose(self, state, rng):
                raise RuntimeError("\\x1b[2J\\x1b]0;owned\\x07boom")
    """))
    done = mesascope_in_process("--debug", "run", "--loop", f"{path}:Loud", "--headless",
                                "--out", tmp_path / "loud.jsonl")
    assert done.returncode == 2, "the loop's own error (tests/test_loop_code_errors.py)"
    assert "Traceback" in done.stderr and "boom" in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "\\x1b[2J" in done.stderr
    bad = mesascope_in_process("--debug", "info", tmp_path / "missing.jsonl")
    assert bad.returncode == 2 and "Traceback" in bad.stderr, "input errors keep exit 2"
