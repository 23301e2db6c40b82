"""Sweep throughput on Ray against a plain loop over the same runs in one process.

Usage: python benchmarks/sweep.py [--toy-runs 40] [--tot-runs 8] [--index-rows 10000]

Toy: short `--loop toy` runs with 1 and 2 workers. ToT: short Tree-of-Thoughts runs of the
embedded SmolLM2 with 1 and 2 workers (each worker, and the plain loop, loads the model once).
Ray's start-up is timed apart (once per sweep), and every worker (and the plain loop) loads
its model before the clock starts: the run phases are compared. Last, a
10,000-row index opens in the run browser. Prints a markdown table and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from machine import describe

from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.index import INDEX_NAME, IndexWriter, load_index
from scaffold.sweep.job import run_job
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


def plain(p: SweepPlan) -> float:
    """Every run one after another in this process, one model cache (loaded first)."""
    index = IndexWriter(p.index_path, p.header)
    builder = CachedBuilder()
    builder.build(p.todo[0].loop, p.todo[0].values)
    t0 = time.perf_counter()
    for job in p.todo:
        index.append(run_job(job, p.out, builder))
    index.close()
    return time.perf_counter() - t0


def on_ray(p: SweepPlan, workers: int) -> float:
    """The runs on Ray, timed after every worker has started and loaded its model."""
    return run_on_ray(p, workers=workers, warm_up=True).elapsed_s


def measure(base: Path, name: str, text: str, n: int) -> dict[str, float]:
    res = {"plain": plain(plan(base, f"{name}-plain", text))}
    for workers in (1, 2):
        res[f"ray{workers}"] = on_ray(plan(base, f"{name}-ray{workers}", text), workers)
    mean_run = res["plain"] / n
    res["overhead_per_run_s"] = (res["ray1"] - res["plain"]) / n
    res["overhead_share"] = res["overhead_per_run_s"] / mean_run
    res["speedup_2_workers"] = res["ray1"] / res["ray2"]
    return res


def browser_load_s(base: Path, rows: int) -> tuple[float, float]:
    """A 10,000-row index (copies of real rows under new ids) opened in the run browser:
    wall and CPU seconds from creating the app to the first frame with the table."""
    from tui.screens.runs import RunsApp

    src = base / "toy-plain"
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--toy-runs", type=int, default=40)
    ap.add_argument("--tot-runs", type=int, default=8)
    ap.add_argument("--index-rows", type=int, default=10_000)
    ap.add_argument("--dir", default=None, help="Where the sweeps are written (default: /tmp). "
                    "/dev/shm takes the disk's fsync out of the comparison.")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="mesascope-bench-sweep-", dir=args.dir))
    t0 = time.perf_counter()
    start_ray(None, 2, 1.0)
    ray_start = time.perf_counter() - t0
    try:
        toy = measure(base, "toy", TOY.format(seeds=args.toy_runs // 2), args.toy_runs)
        tot = (measure(base, "tot", TOT.format(seeds=args.tot_runs), args.tot_runs)
               if args.tot_runs else None)
    finally:
        stop_ray()
    load = browser_load_s(base, args.index_rows)
    busy = os.getloadavg()[0]
    print(f"# {date.today()} on {describe()}; Ray start {ray_start:.1f} s (once per sweep); "
          f"load average {busy:.1f}")
    print("| runs | plain | Ray 1 worker | Ray 2 workers | 2 vs 1 | Ray overhead per run |")
    print("|---|---|---|---|---|---|")
    for name, n, res in (("toy", args.toy_runs, toy), ("ToT", args.tot_runs, tot)):
        if res is None:
            continue
        print(f"| {n} {name} | {res['plain']:.1f} s | {res['ray1']:.1f} s | "
              f"{res['ray2']:.1f} s | {res['speedup_2_workers']:.2f}× | "
              f"{res['overhead_per_run_s'] * 1000:.0f} ms "
              f"({res['overhead_share']:.1%} of a run) |")
    print(f"browser: {args.index_rows} rows in {load[0]:.2f} s ({load[1]:.2f} s CPU)")
    print(json.dumps({"load_average": busy, "ray_start_s": ray_start, "toy": toy, "tot": tot,
                      "browser_load_s": load[0], "browser_load_cpu_s": load[1]}))
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
