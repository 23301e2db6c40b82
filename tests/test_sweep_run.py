"""Sweeps on a real local Ray instance, through the CLI: rows and transcripts, failures as
data, resume (finished runs skipped, truncated ones rerun), a kill -9 of the driver, and
`--sync` (workers send transcripts back) giving the same sweep."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold.sweep.index import load_index
from scaffold.transcript.events import StateEvent
from scaffold.transcript.reader import read_transcript
from tests.conftest import REPO
from tests.test_sweep_spec import mesascope

pytest.importorskip("ray")

LOOP = f"{REPO / 'tests/sweep_loops.py'}:FlakyToy"
FLAKY = f"""loop = "{LOOP}"
scaffolds = ["hill-climb", "random-walk"]
seeds = 3
[settings]
steps = 20
fail_seed = 1
"""
SLOW = f"""loop = "{LOOP}"
seeds = 8
[settings]
steps = 6
delay = 0.2
"""


def states(path: Path) -> list[tuple[int, str | None]]:
    """What a run did, without its timings and header time."""
    return [(ev.step, ev.text) for ev in read_transcript(path)[1] if isinstance(ev, StateEvent)]


def rows(out: Path) -> list[dict[str, str]]:
    return load_index(out / "index.csv")[1]


@pytest.fixture(scope="module")
def flaky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("flaky")
    (base / "spec.toml").write_text(FLAKY)
    done = mesascope("sweep", base / "spec.toml", "--out", base / "out", "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "done: 6 runs (2 failed)" in done.stderr
    return base


def test_every_run_has_one_row_and_a_transcript_named_by_its_hash(flaky: Path) -> None:
    out = flaky / "out"
    index = rows(out)
    assert len(index) == 6 and len({r["run"] for r in index}) == 6
    for row in index:
        assert row["transcript"] == f"runs/{row['run']}.jsonl"
        assert (out / row["transcript"]).read_bytes().endswith(b"\n")
    assert not list(out.glob("runs/*.part"))
    ok = [r for r in index if r["status"] == "ok"]
    assert {r["verdict"] for r in ok if r["scaffold"] == "hill-climb"} <= {
        "search-moderate", "search-strong"}
    assert all(float(r["wall_s"]) > 0 and r["n_decisions"] for r in ok)


def test_a_run_that_raises_is_a_failed_row_with_its_error(flaky: Path) -> None:
    failed = [r for r in rows(flaky / "out") if r["status"] == "failed"]
    assert sorted(r["seed"] for r in failed) == ["1", "1"]
    assert all("RuntimeError: seed 1 <b>fails</b> | on purpose" in r["error"] for r in failed)
    # what it recorded before raising is kept and scored
    assert all(int(r["n_decisions"]) >= 1 for r in failed)


def test_rerunning_skips_finished_runs_without_starting_ray(flaky: Path) -> None:
    before = (flaky / "out/index.csv").read_bytes()
    t0 = time.perf_counter()
    done = mesascope("sweep", flaky / "spec.toml", "--out", flaky / "out")
    assert done.returncode == 0, done.stderr
    assert "6 runs (6 finished, 0 to run)" in done.stderr
    assert (flaky / "out/index.csv").read_bytes() == before
    assert time.perf_counter() - t0 < 10


def test_a_truncated_transcript_and_failed_runs_are_rerun(flaky: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(["cp", "-r", str(flaky / "out"), str(out)], check=True)
    victim = next(r for r in rows(out) if r["status"] == "ok")
    path = out / victim["transcript"]
    whole = path.read_bytes()
    before = states(path)
    path.write_bytes(whole[: len(whole) - 7])
    done = mesascope("sweep", flaky / "spec.toml", "--out", out, "--retry-failed")
    assert done.returncode == 0, done.stderr
    assert "6 runs (3 finished, 3 to run)" in done.stderr
    assert states(path) == before and path.read_bytes().endswith(b"\n")
    after = rows(out)
    assert len(after) == 6 and sum(r["status"] == "failed" for r in after) == 2


def _sweep_until_killed(spec: Path, out: Path, rows_before_kill: int) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "tui", "sweep", str(spec), "--out", str(out),
                             "--workers", "2"], cwd=REPO, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (out / "index.csv").exists() and len(rows(out)) >= rows_before_kill:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the sweep ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    return len(rows(out))


def _comparable(out: Path) -> list[dict[str, str]]:
    return sorted(({k: v for k, v in r.items() if k != "wall_s"} for r in rows(out)),
                  key=lambda r: r["run"])


def test_kill_9_of_the_driver_loses_at_most_the_runs_in_flight(tmp_path: Path) -> None:
    spec = tmp_path / "slow.toml"
    spec.write_text(SLOW)
    killed = tmp_path / "killed"
    kept = _sweep_until_killed(spec, killed, 2)
    assert 2 <= kept < 8
    with open(killed / "index.csv", newline="") as fh:
        lines = list(csv.reader(fh))
    assert len(lines) == kept + 1 and all(len(line) == len(lines[0]) for line in lines)
    again = mesascope("sweep", spec, "--out", killed, "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert f"8 runs ({kept} finished, {8 - kept} to run)" in again.stderr
    whole = tmp_path / "whole"  # never killed; transcripts sent back through the driver
    straight = mesascope("sweep", spec, "--out", whole, "--workers", "2", "--sync")
    assert straight.returncode == 0, straight.stderr
    assert _comparable(killed) == _comparable(whole)
    assert not list(killed.glob("runs/*.part"))
    for row in rows(killed):
        assert states(killed / row["transcript"]) == states(whole / row["transcript"])
