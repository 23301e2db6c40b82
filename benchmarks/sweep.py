"""Sweep throughput on Ray against a plain loop over the same runs in one process.

Usage: python benchmarks/sweep.py [--toy-runs 40] [--tot-runs 8] [--rounds 3] [--tot-rounds 1]
                                 [--index-rows 10000] [--dir DIR]

Toy: short `--loop toy` runs with 1 and 2 workers. ToT: short Tree-of-Thoughts runs of the
embedded SmolLM2 with 1 and 2 workers (each worker, and the plain loop, loads the model once).
Ray's start-up is timed apart (once per sweep), and every worker (and the plain loop) loads
its model before the clock starts: the run phases are compared. Last, a
10,000-row index opens in the run browser. The arms run in rounds, and beside wall time the
script prints each process role's CPU seconds and run-queue wait (`proc_cpu.py`), because on
a shared box the wall time mostly says what the other jobs did. Prints a markdown table, those
lines and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from machine import describe
from proc_cpu import Snapshot, cpu_by_role, snapshot

from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.index import INDEX_NAME, IndexWriter, load_index
from scaffold.sweep.job import run_job, warm_imports
from scaffold.sweep.plan import SweepPlan, plan_sweep
from scaffold.sweep.ray_run import run_on_ray, start_ray, stop_ray

TOY = """loop = "toy"
scaffolds = ["hill-climb", "random-walk"]
seeds = {seeds}
[settings]
steps = 40
"""
TOT = """loop = "scratchpad"
scaffolds = ["tot"]
seeds = {seeds}
[[tasks]]
name = "game24"
instances = ["4 9 10 13"]
[settings]
n = 2
beam = 1
depth = 2
"""


def plan(base: Path, name: str, text: str) -> SweepPlan:
    spec = base / f"{name}.toml"
    spec.write_text(text)
    out = base / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return plan_sweep(spec, out)


Arm = tuple[float, dict[str, float], dict[str, float]]
"""Seconds of the run phase, and CPU seconds and main threads' run-queue wait per process
role over it."""


def plain(p: SweepPlan) -> Arm:
    """Every run one after another in this process, one model cache (loaded first, and the
    scoring stack imported, as a Ray worker's warm-up does)."""
    index = IndexWriter(p.index_path, p.header)
    builder = CachedBuilder()
    warm_imports(True)
    builder.build(p.todo[0].loop, p.todo[0].values)
    before = snapshot()
    t0 = time.perf_counter()
    for job in p.todo:
        index.append(run_job(job, p.out, builder))
    index.close()
    return _arm(time.perf_counter() - t0, before)


def on_ray(p: SweepPlan, workers: int) -> Arm:
    """The runs on Ray, timed after every worker has started and loaded its model."""
    marks: list[Snapshot] = []
    elapsed = run_on_ray(p, workers=workers, warm_up=True,
                         on_start=lambda: marks.append(snapshot())).elapsed_s
    return _arm(elapsed, marks[0])


def _arm(wall: float, before: Snapshot) -> Arm:
    after = snapshot()
    return wall, cpu_by_role(before, after), cpu_by_role(before, after, wait=True)


def measure(base: Path, name: str, text: str, n: int, rounds: int) -> dict[str, Any]:
    """`rounds` rounds of the three arms one after another (plain, 1 worker, 2 workers; every
    other round in reverse order, so a load that drifts over a round favours no arm), so each
    round's ratios compare arms that saw about the same load; the medians are reported."""
    arms: dict[str, list[Arm]] = {"plain": [], "ray1": [], "ray2": []}
    for r in range(rounds):
        for key in ("plain", "ray1", "ray2")[::-1 if r % 2 else 1]:
            sweep = plan(base, f"{name}-{key}-{r}", text)
            arms[key].append(plain(sweep) if key == "plain" else on_ray(sweep, int(key[-1])))
    walls = {key: [arm[0] for arm in runs] for key, runs in arms.items()}
    speedups = [one / two for one, two in zip(walls["ray1"], walls["ray2"], strict=True)]
    overheads = [(one - zero) / zero for zero, one in zip(walls["plain"], walls["ray1"],
                                                          strict=True)]
    res: dict[str, Any] = {key: statistics.median(values) for key, values in walls.items()}
    res["walls"] = walls
    res["cpu"] = {key: _mean_cpu([arm[1] for arm in runs]) for key, runs in arms.items()}
    res["wait"] = {key: _mean_cpu([arm[2] for arm in runs]) for key, runs in arms.items()}
    # Wall time less the run-queue wait of the process(es) running the jobs (a worker's
    # share): what the arm took apart from waiting for a core other jobs held. Derived, an
    # estimate for an idle box; our own processes also wait on each other.
    own = {key: [arm[0] - arm[2].get("driver" if key == "plain" else "workers", 0.0)
                 / (2 if key == "ray2" else 1) for arm in runs] for key, runs in arms.items()}
    res["own"] = {key: statistics.median(values) for key, values in own.items()}
    # CPU of every process of ours (driver, workers, Ray's daemons), which other jobs do not
    # inflate much: Ray's cost per run in CPU seconds, against a plain run's CPU.
    total = {key: [sum(arm[1].values()) for arm in runs] for key, runs in arms.items()}
    res["cpu_overhead_per_run_s"] = statistics.median(
        [(one - zero) / n for zero, one in zip(total["plain"], total["ray1"], strict=True)])
    res["cpu_overhead_share"] = res["cpu_overhead_per_run_s"] / (
        statistics.median(total["plain"]) / n)
    res["own_speedup_2_workers"] = statistics.median(
        [one / two for one, two in zip(own["ray1"], own["ray2"], strict=True)])
    res["speedup_2_workers"] = statistics.median(speedups)
    res["speedups"] = speedups
    res["overhead_share"] = statistics.median(overheads)
    res["overhead_per_run_s"] = res["overhead_share"] * res["plain"] / n
    return res


def _mean_cpu(per_round: list[dict[str, float]]) -> dict[str, float]:
    keys = {key for cpu in per_round for key in cpu}
    mean = {key: sum(cpu.get(key, 0.0) for cpu in per_round) / len(per_round) for key in keys}
    return {key: round(value, 3) for key, value in sorted(mean.items(), key=lambda kv: -kv[1])
            if value >= 0.005}


def browser_load_s(base: Path, rows: int) -> tuple[float, float]:
    """A 10,000-row index (copies of real rows under new ids) opened in the run browser:
    wall and CPU seconds from creating the app to the first frame with the table."""
    from tui.screens.runs import RunsApp

    src = base / "toy-plain-0"
    header, real = load_index(src / INDEX_NAME)
    big = base / "big"
    big.mkdir(exist_ok=True)
    writer = IndexWriter(big / INDEX_NAME, header,
                         [{**real[i % len(real)], "run": f"{i:016x}"} for i in range(rows)])
    writer.close()

    async def open_it() -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        app = RunsApp(big)
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.pause()
            assert len(app.shown) == rows
            return time.perf_counter() - t0, time.process_time() - c0

    return asyncio.run(open_it())


def autogroup() -> str:
    """Whether the kernel shares CPU between sessions first (autogroup): then the driver,
    Ray's daemons and every worker, all in this session, share one session's part of the
    cores, and other sessions' jobs cut a 2-worker arm as much as a 1-worker one."""
    try:
        on = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return "autogroup unknown"
    return "autogroup on (one CPU share per session)" if on else "autogroup off"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--toy-runs", type=int, default=40)
    ap.add_argument("--tot-runs", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3, help="Rounds of the three toy arms.")
    ap.add_argument("--tot-rounds", type=int, default=1, help="Rounds of the three ToT arms.")
    ap.add_argument("--index-rows", type=int, default=10_000)
    ap.add_argument("--dir", default=None, help="Where the sweeps are written (default: /tmp). "
                    "/dev/shm takes the disk's fsync out of the comparison.")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="mesascope-bench-sweep-", dir=args.dir))
    loads = [os.getloadavg()[0]]
    t0 = time.perf_counter()
    start_ray(None, 2, 1.0)
    ray_start = time.perf_counter() - t0
    results: dict[str, dict[str, Any]] = {}
    try:
        if args.toy_runs:
            results["toy"] = measure(base, "toy", TOY.format(seeds=args.toy_runs // 2),
                                     args.toy_runs, args.rounds)
            loads.append(os.getloadavg()[0])
        if args.tot_runs:
            results["ToT"] = measure(base, "tot", TOT.format(seeds=args.tot_runs),
                                     args.tot_runs, args.tot_rounds)
            loads.append(os.getloadavg()[0])
    finally:
        stop_ray()
    load = browser_load_s(base, args.index_rows) if args.toy_runs else None
    print(f"# {date.today()} on {describe()}; Ray start {ray_start:.1f} s (once per sweep); "
          f"load average (1 min) {', '.join(f'{x:.1f}' for x in loads)} (start, after each); "
          f"{autogroup()}")
    print("| runs | plain | Ray 1 worker | Ray 2 workers | 2 vs 1 | Ray overhead per run |")
    print("|---|---|---|---|---|---|")
    for name, res in results.items():
        n = args.toy_runs if name == "toy" else args.tot_runs
        print(f"| {n} {name} | {res['plain']:.2f} s | {res['ray1']:.2f} s | "
              f"{res['ray2']:.2f} s | {res['speedup_2_workers']:.2f}× "
              f"({', '.join(f'{x:.2f}' for x in res['speedups'])}) | "
              f"{res['overhead_per_run_s'] * 1000:.0f} ms "
              f"({res['overhead_share']:.1%} of a run) |")
    for name, res in results.items():
        for arm, cpu in res["cpu"].items():
            print(f"{name} {arm}: CPU s per round: "
                  + ", ".join(f"{role} {sec:.2f}" for role, sec in cpu.items())
                  + "; run-queue wait s: "
                  + ", ".join(f"{role} {sec:.2f}" for role, sec in res["wait"][arm].items()))
        own = res["own"]
        print(f"{name}, wall less the job runners' run-queue wait: plain {own['plain']:.2f} s, "
              f"Ray 1 worker {own['ray1']:.2f} s, 2 workers {own['ray2']:.2f} s: "
              f"2 vs 1 {res['own_speedup_2_workers']:.2f}×, Ray overhead "
              f"{(own['ray1'] - own['plain']) / own['plain']:.1%}")
        print(f"{name}, Ray's CPU per run (all processes, 1 worker less plain): "
              f"{res['cpu_overhead_per_run_s'] * 1000:.1f} ms, "
              f"{res['cpu_overhead_share']:.1%} of a plain run's CPU")
    if load is not None:
        print(f"browser: {args.index_rows} rows in {load[0]:.2f} s ({load[1]:.2f} s CPU)")
    print(json.dumps({"load_average": loads, "ray_start_s": ray_start, **results,
                      "browser_load_s": load and load[0], "browser_load_cpu_s": load and load[1]}))
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
