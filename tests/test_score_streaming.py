"""`score` prints each report as its transcript is scored (in worker processes where there is
enough text), stops at a bad file after the reports before it, and shows a progress bar on
stderr only when stdout is redirected and stderr is a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.scoring import score_transcript
from scaffold.scoring.many import iter_outcomes, iter_reports
from tests.pty_read import read_until_closed
from tests.simulated_runs import MESASCOPE, run_score, write_simulated


def _runs(tmp: Path, n: int = 4) -> list[Path]:
    paths = []
    for i in range(n):
        process = ("hill_climb", "random_walk")[i % 2]
        paths.append(write_simulated(tmp / f"run-{i}.jsonl", process, i, decisions=25))
    return paths


def _bad(tmp: Path) -> Path:
    bad = tmp / "bad.jsonl"
    bad.write_text("not json\n")
    return bad


@pytest.mark.parametrize("workers", [1, 2])
def test_reports_come_in_path_order_the_same_from_workers(tmp_path: Path, workers: int) -> None:
    paths = _runs(tmp_path)
    serial = [score_transcript(p).to_json() for p in paths]
    assert [r.to_json() for r in iter_reports(paths, score_transcript, workers)] == serial


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_file_raises_after_the_reports_before_it(tmp_path: Path, workers: int) -> None:
    a, b, c = _runs(tmp_path, 3)
    seen = []
    with pytest.raises(InputError, match=r"bad\.jsonl"):
        for report in iter_reports([a, b, _bad(tmp_path), c], score_transcript, workers):
            seen.append(report.path)
    assert seen == [str(a), str(b)]


@pytest.mark.parametrize("workers", [1, 2])
def test_outcomes_go_past_a_bad_file_with_the_same_reports(tmp_path: Path, workers: int) -> None:
    a, b, c = _runs(tmp_path, 3)
    got = list(iter_outcomes([a, _bad(tmp_path), b, c], score_transcript, workers))
    assert isinstance(got[1], InputError) and "bad.jsonl" in str(got[1])
    reports = [o.to_json() for o in got if not isinstance(o, InputError)]
    assert reports == [score_transcript(p).to_json() for p in (a, b, c)]


def _cli(*args: str, stderr_tty: bool = False,
         stdout_file: Path | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `mesascope score ...`; stdout a pipe, or `stdout_file`
    (read back after the run)."""
    if not stderr_tty:
        done = run_score(*args)
        return done.returncode, done.stdout, done.stderr
    main, tty = pty.openpty()
    with open(stdout_file or os.devnull, "wb") as file:
        proc = subprocess.Popen([str(MESASCOPE), "score", *args],
                                stdout=file if stdout_file else subprocess.PIPE,
                                stderr=tty, stdin=subprocess.DEVNULL)
    os.close(tty)
    err = read_until_closed(main)
    piped = proc.communicate(timeout=120)[0]
    out = stdout_file.read_bytes() if stdout_file else piped
    return proc.returncode, out.decode(), err.decode(errors="replace")


@pytest.mark.parametrize("implicit", [False, True])
def test_cli_prints_every_good_report_and_one_error_line_for_the_bad_file(
        tmp_path: Path, implicit: bool) -> None:
    a, b, c = _runs(tmp_path, 3)
    flags = ["--implicit"] if implicit else []
    code, out, err = _cli(*flags, "--json", str(a), str(b), str(_bad(tmp_path)), str(c))
    assert code == 2
    rows = [json.loads(line) for line in out.splitlines()]
    suffix = " (implicit)" if implicit else ""
    assert [r["path"] for r in rows] == [f"{a}{suffix}", f"{b}{suffix}", f"{c}{suffix}"]
    assert err.count("\n") == 1 and "bad.jsonl:1" in err and "Traceback" not in err


def test_progress_goes_to_a_terminal_on_stderr_and_leaves_stdout_alone(tmp_path: Path) -> None:
    paths = [str(p) for p in _runs(tmp_path, 3)]
    code, plain_out, plain_err = _cli("--json", "--pool", *paths)
    assert code == 0 and plain_err == ""
    code, out, err = _cli("--json", "--pool", *paths, stderr_tty=True,
                          stdout_file=tmp_path / "reports.jsonl")
    assert code == 0
    assert out == plain_out
    assert "3/3" in err and "scoring" in err


def test_no_progress_when_stdout_is_a_pipe_a_pager_may_own_the_terminal(tmp_path: Path) -> None:
    paths = [str(p) for p in _runs(tmp_path, 3)]
    code, out, err = _cli("--json", "--pool", *paths, stderr_tty=True)
    assert code == 0 and len(out.splitlines()) == 4
    assert err == ""


def test_ctrl_c_keeps_the_printed_reports_and_exits_130(tmp_path: Path) -> None:
    """Typer hands Ctrl-C back as a return code in non-standalone mode; it used to exit 0."""
    import signal

    from benchmarks.implicit import write_traces
    paths, _ = write_traces(tmp_path, 400, 20, seed=5)  # 20 files, scored in this process
    proc = subprocess.Popen(
        [str(MESASCOPE), "score", "--implicit", "--json", *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    rows = [json.loads(line) for line in (first + rest).splitlines()]
    assert 1 <= len(rows) < len(paths)
    assert [r["path"] for r in rows] == [f"{p} (implicit)" for p in paths[:len(rows)]]
    assert "Traceback" not in err


def test_ctrl_c_inside_a_pydantic_serializer_still_exits_130() -> None:
    """Pydantic turns a KeyboardInterrupt raised in a serializer into its own error; CI once
    saw `score` exit 1 with "internal error: PydanticSerializationError" after Ctrl-C."""
    import sys

    program = """
import os, signal, sys
from pydantic import BaseModel, field_serializer
from tui import cli

# as in a terminal: a job started in the background (`make test &`) inherits SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)

class Row(BaseModel):
    x: float

    @field_serializer("x")
    def _ctrl_c(self, x: float) -> float:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives while pydantic is serializing
        return x

@cli.app.command("ctrl-c-probe")
def probe() -> None:
    Row(x=1.0).model_dump_json()

sys.argv = ["mesascope", "ctrl-c-probe"]
cli.main()
"""
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == ""
