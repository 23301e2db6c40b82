"""One run of a sweep in this process: its verdict columns come from one read of its
transcript and match scoring the file; a worker's warm-up imports the scoring stack; index
rows are readable as soon as they are appended; a run's steps reach its file as they are
recorded though it is fsynced only at its end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scaffold.loops.runner import LoopRunner
from scaffold.loops.toy import ToyLoop
from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.index import IndexWriter, load_index
from scaffold.sweep.job import run_job, score_columns, transcript_path
from scaffold.sweep.plan import plan_sweep
from scaffold.transcript.reader import read_transcript
from tests.conftest import REPO

TOY = """loop = "toy"
scaffolds = ["hill-climb", "random-walk"]
seeds = 2
[settings]
steps = 15
"""
VERDICT_COLUMNS = ("verdict", "regime", "n_decisions", "u_bar", "u_lo", "u_hi", "p_value")


def toy_rows(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY)
    out = tmp_path / "out"
    out.mkdir()
    plan = plan_sweep(spec, out)
    builder = CachedBuilder()
    return out, [run_job(job, out, builder) for job in plan.todo]


def test_a_runs_verdict_columns_are_those_of_scoring_its_file(tmp_path: Path) -> None:
    out, rows = toy_rows(tmp_path)
    verdicts = set()
    for row in rows:
        assert row["status"] == "ok", row
        from_file = score_columns(transcript_path(out, row["run"]))
        assert {col: row[col] for col in VERDICT_COLUMNS} == from_file
        verdicts.add(row["verdict"])
    assert len(verdicts) > 1  # hill-climb searches, random-walk does not


def test_warm_imports_loads_what_a_scored_run_imports() -> None:
    code = ("import sys\n"
            "from scaffold.sweep.job import warm_imports\n"
            "assert 'scaffold.scoring.scorer' not in sys.modules\n"
            "warm_imports(False)\n"
            "assert 'scaffold.scoring.scorer' not in sys.modules\n"
            "warm_imports(True)\n"
            "assert {'scaffold.scoring.scorer', 'sklearn', 'scipy.stats'} <= set(sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr


def test_an_appended_row_is_in_the_file_before_the_writer_closes(tmp_path: Path) -> None:
    path = tmp_path / "index.csv"
    writer = IndexWriter(path, ["run", "status"], [{"run": "a", "status": "ok"}])
    try:
        writer.append({"run": "b", "status": "failed"})
        assert load_index(path) == (["run", "status"], [{"run": "a", "status": "ok"},
                                                        {"run": "b", "status": "failed"}])
    finally:
        writer.close()
    writer.close()  # a second close does nothing
    assert path.read_text() == "run,status\na,ok\nb,failed\n"


def test_a_sweep_runs_steps_are_on_disk_as_recorded_with_one_fsync_at_close(
    tmp_path: Path,
) -> None:
    """step_sync=False: no fsync thread, but every step's lines reach the file as it is
    recorded (a kill loses only the step in flight), and the file reads whole after close."""
    path = tmp_path / "run.jsonl"
    runner = LoopRunner(ToyLoop(steps=6), path, step_sync=False)
    try:
        recorded = 0
        while (events := runner.step()) is not None:
            recorded += len(events)
            assert len(path.read_bytes().splitlines()) == 1 + recorded
        assert runner.writer._background is None
    finally:
        runner.close()
    header, events, truncated = read_transcript(path)
    assert header.loop == "toy" and len(events) == recorded and not truncated
