"""Recorded diffusion loop vs the bare diffusers loop: denoising steps per second, side by side.

Both sample the same model with the same DDIM scheduler, steps, batch and guidance, and call
the UNet the same way: as the cached TorchScript trace the loop uses by default
(scaffold.loops.diffusion_unet), and, in the eager columns, as eager diffusers code (the
recorded loop with `speedups=False`: also no thread running ahead and an eager verifier). The bare
loop is the textbook diffusers loop (UNet, guidance, `scheduler.step`). The recorded loop is
`DiffusionLoop` under `LoopRunner`: one state per sample per step with x_t, x̂0, the verifier
posterior and entropy, each step written and flushed as it goes (fsynced on a background thread
at most once a second, the last fsync at close too, see docs/transcript.md). The bare loop runs no
verifier: plain sampling (`denoise`) selects nothing, so the recorded loop's verifier calls are
recording (the posterior of every state), not model work a bare loop would also do.

Issue 17: each arm (bare, recorded) is run back to back until it has lasted `--min-seconds`
(default 3 s), the arms alternate over `--repeats` rounds (default 5), and the report is the
median recorded/bare ratio with its min-max over the rounds, and the recording cost per state
in µs ((recorded - bare seconds per run) / states per run). The same for process CPU time:
the CPU ratio is what the wall ratio would be with both threads of the recorded loop on one
core (a box whose other core is busy), and it moves less with the load of other processes.
Also: the recording thread's CPU per run, and a recorded run's setup (loop, runner, header)
and close. A breakdown of the cost follows, timed on the states of a real recorded run: image
payload encoding (`image_payloads`), the posterior attrs and event construction (as the loop
does it, without validation; full pydantic validation shown for reference, the loop does not
do it), the JSON dump (`dump_event`) and the write (`TranscriptWriter.write_all` to a file on
disk, and its bare write+flush of the bytes). Target (issues 4 and 17): median wall ratio
>= 0.9 at every sample count.

Usage: python benchmarks/diffusion_overhead.py [--model DIR] [--steps 50] [--samples 1 8]
       [--repeats 5] [--min-seconds 3] [--eager] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import torch
from machine import describe

from scaffold.loops import diffusion_rounds
from scaffold.loops.diffusion import DiffusionLoop
from scaffold.loops.diffusion_config import DiffusionConfig
from scaffold.loops.diffusion_step_trace import step_traces
from scaffold.loops.diffusion_unet import unet_call
from scaffold.loops.diffusion_verifier import load_digits_verifier
from scaffold.loops.runner import LoopRunner
from scaffold.models.diffusers_backend import (
    NativeDiffusionModel,
    load_native_model,
    make_scheduler,
    resolve_model_dir,
)
from scaffold.models.threads import sampling_threads
from scaffold.transcript.events import dump_event
from scaffold.transcript.writer import TranscriptWriter

RUN_IDS = itertools.count()


Times = dict[str, float]
"""One run: `wall` and `cpu` (process CPU) seconds; the recorded loop adds `setup` (loop and
runner built, header written), `close` and `main_cpu` (the recording thread's CPU seconds)."""


@torch.no_grad()
def bare_loop(
    model: NativeDiffusionModel, samples: int, steps: int, guidance: float, traced: bool = True
) -> Times:
    """The plain diffusers sampling loop, calling the UNet and `scheduler.step` as the
    recorded loop does (`traced`: the same cached TorchScript calls) or as eager diffusers code."""
    unet = unet_call(model.unet, trace=traced)
    traces = step_traces(model.unet, "ddim") if traced else None
    c0, t0 = time.process_time(), time.perf_counter()
    sched = make_scheduler("ddim", model.scheduler_config)
    sched.set_timesteps(steps)
    gen = torch.Generator().manual_seed(0)
    size = model.image_size
    x = torch.randn((samples, model.channels, size, size), generator=gen) * sched.init_noise_sigma
    y = torch.full((samples,), 3)
    null = int(model.null_class or 0)
    for position, t in enumerate(sched.timesteps):
        guided = unet(x, t, y, guidance=guidance, null_class=null)
        if traces is not None:
            x = traces.step(sched, position, guided, x)[0]
        else:
            x = sched.step(guided, t, x).prev_sample
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def recorded_loop(
    model: NativeDiffusionModel, verifier, samples: int, steps: int, guidance: float, out: Path,
    traced: bool = True,
) -> Times:
    """The same sampling as a recorded loop (transcript written to `out`); `traced=False`
    runs it with `speedups=False`."""
    c0, main0, t0 = time.process_time(), time.thread_time(), time.perf_counter()
    config = DiffusionConfig(
        scaffold="denoise", digit_class=3, steps=steps, guidance=guidance, samples=samples,
        scheduler="ddim", speedups=traced,
    )
    runner = LoopRunner(DiffusionLoop(model, verifier, config), out)
    t1 = time.perf_counter()
    while runner.step() is not None:
        pass
    t2 = time.perf_counter()
    runner.close()
    t3 = time.perf_counter()
    times = {"wall": t3 - t0, "cpu": time.process_time() - c0, "setup": t1 - t0,
             "close": t3 - t2, "main_cpu": time.thread_time() - main0}
    out.unlink()
    return times


def repeat_for(run: Callable[[], float], min_seconds: float) -> tuple[float, int]:
    """Run `run` back to back until the runs add up to `min_seconds`: (seconds per run, runs)."""
    total, n = 0.0, 0
    while total < min_seconds or n == 0:
        total += run()
        n += 1
    return total / n, n


def repeat_arm(run: Callable[[], Times], min_seconds: float) -> tuple[Times, int]:
    """`repeat_for` of a loop's runs: the mean of each of their times, and the runs."""
    sums: Times = {}
    n = 0
    while n == 0 or sums["wall"] < min_seconds:
        for key, value in run().items():
            sums[key] = sums.get(key, 0.0) + value
        n += 1
    return {k: v / n for k, v in sums.items()}, n


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def capture_states(model, verifier, samples: int, steps: int, guidance: float, tmp: Path):
    """One recorded run with its recording inputs captured: the image batches given to
    `image_payloads`, the posteriors and targets given to `posterior_attrs_rows`, and the events
    the runner writes (each step's [state, metrics])."""
    batches: list[torch.Tensor] = []
    posteriors: list[tuple] = []
    steps_events: list[list] = []
    orig_payloads = diffusion_rounds.image_payloads
    orig_attrs = diffusion_rounds.posterior_attrs_rows
    orig_write_all = TranscriptWriter.write_all

    def payloads(batch):
        batches.append(batch.clone())
        return orig_payloads(batch)

    def attrs(posterior, targets):
        posteriors.append((posterior.copy(), list(targets)))
        return orig_attrs(posterior, targets)

    def write_all(self, events):
        events = list(events)
        steps_events.append(events)
        orig_write_all(self, events)

    diffusion_rounds.image_payloads, diffusion_rounds.posterior_attrs_rows = payloads, attrs
    TranscriptWriter.write_all = write_all
    try:
        recorded_loop(model, verifier, samples, steps, guidance, tmp / f"capture-{samples}.jsonl")
    finally:
        diffusion_rounds.image_payloads = orig_payloads
        diffusion_rounds.posterior_attrs_rows = orig_attrs
        TranscriptWriter.write_all = orig_write_all
    return batches, posteriors, steps_events


def breakdown(captured, header, verifier, tmp: Path, repeats: int, min_seconds: float) -> dict:
    """µs per state of each part of the recording, median over `repeats` (each part run over all
    the captured states until it has lasted `min_seconds`)."""
    batches, posteriors, steps_events = captured
    pairs = [ev for ev in steps_events if ev and ev[0].event == "state"]
    n_states = len(pairs)
    events = [e for ev in steps_events for e in ev]
    lines = [[dump_event(e) + "\n" for e in ev] for ev in steps_events]
    data = [("".join(ls)).encode("utf-8") for ls in lines]

    def encode() -> None:
        for b in batches:
            diffusion_rounds.image_payloads(b)

    def judge() -> None:  # a step's payloads are of x_t, then of the decoded x̂0 it judges
        for images in batches[1::2]:
            verifier.log_posterior(images)

    def construct() -> None:
        for posterior, targets in posteriors:
            diffusion_rounds.posterior_attrs_rows(posterior, targets)
        for state, metrics in pairs:
            diffusion_rounds.new_state(
                event="state", step=state.step, parent=state.parent, text=None,
                image=state.image, preview=state.preview, final=state.final,
                attrs=dict(state.attrs),
            )
            diffusion_rounds.new_metrics(
                event="metrics", step=metrics.step, tokens=None, nfe=metrics.nfe,
                wall_s=metrics.wall_s, attrs={},
            )

    dumped = [e.model_dump() for e in events]

    def validate() -> None:
        for e, d in zip(events, dumped, strict=True):
            type(e).model_validate(d)

    def dump() -> None:
        for e in events:
            dump_event(e)

    def in_file(body: Callable[[TranscriptWriter], None]) -> Callable[[], float]:
        def run() -> float:
            path = tmp / f"write-{next(RUN_IDS)}.jsonl"
            writer = TranscriptWriter(path, header)
            try:
                t0 = time.perf_counter()
                body(writer)
                elapsed = time.perf_counter() - t0
            finally:
                writer.close()
                path.unlink()
            return elapsed
        return run

    def write_all(writer: TranscriptWriter) -> None:
        for ev in steps_events:
            writer.write_all(ev)

    def write_bytes(writer: TranscriptWriter) -> None:
        f = writer._file  # the bytes write_all writes, without the JSON dump
        for d in data:
            f.write(d)
            f.flush()

    def timed(fn: Callable[[], None]) -> Callable[[], float]:
        def run() -> float:
            t0 = time.perf_counter()
            fn()
            return time.perf_counter() - t0
        return run

    parts: dict[str, Callable[[], float]] = {
        "encode_images": timed(encode),
        "verifier": timed(judge),
        "attrs_and_construct": timed(construct),
        "validate_not_on_path": timed(validate),
        "dump_json": timed(dump),
        "write_all": in_file(write_all),
        "write_bytes_only": in_file(write_bytes),
    }
    times: dict[str, list[float]] = {k: [] for k in parts}
    for _ in range(repeats):  # parts interleaved, like the arms
        for name, fn in parts.items():
            per_run, _ = repeat_for(fn, min_seconds)
            times[name].append(per_run / n_states * 1e6)
    return {k: round(statistics.median(v), 2) for k, v in times.items()}


def main() -> None:
    with sampling_threads():
        measure()


def measure() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--samples", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--min-seconds", type=float, default=3.0,
                    help="each arm of each round runs back to back until it has lasted this")
    ap.add_argument("--breakdown-seconds", type=float, default=0.3,
                    help="each part of the cost breakdown, per repeat")
    ap.add_argument("--eager", action="store_true",
                    help="also the eager arms (diffusers' eager UNet; recorded: speedups=False)")
    ap.add_argument("--json", action="store_true", help="one JSON line instead of the tables")
    args = ap.parse_args()
    model = load_native_model(resolve_model_dir(args.model))
    verifier = load_digits_verifier()
    guidance = model.default_guidance
    load = os.getloadavg()
    info = {
        "date": str(date.today()), "machine": describe(), "load_avg": [round(v, 2) for v in load],
        "torch_threads": torch.get_num_threads(), "model": model.info.id, "scheduler": "ddim",
        "steps": args.steps, "guidance": guidance, "repeats": args.repeats,
        "min_seconds": args.min_seconds,
    }
    arms = ["bare", "rec"] + (["eager_bare", "eager_rec"] if args.eager else [])
    results = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bare_loop(model, 1, 2, guidance, traced=False)  # warm-up
        for samples in args.samples:
            t0 = time.perf_counter()
            bare_loop(model, samples, 1, guidance)  # traces this batch's signature, once
            trace_s = time.perf_counter() - t0
            def rec(traced: bool, samples: int = samples) -> Times:
                out = tmp / f"rec-{samples}-{next(RUN_IDS)}.jsonl"
                return recorded_loop(model, verifier, samples, args.steps, guidance, out,
                                     traced=traced)

            run_arm: dict[str, Callable[[], Times]] = {
                "bare": lambda s=samples: bare_loop(model, s, args.steps, guidance),
                "rec": lambda: rec(True),
                "eager_bare": lambda s=samples: bare_loop(model, s, args.steps, guidance,
                                                          traced=False),
                "eager_rec": lambda: rec(False),
            }
            captured = capture_states(model, verifier, samples, args.steps, guidance, tmp)
            size = sum(len(dump_event(e)) + 1 for ev in captured[2] for e in ev)
            timed: dict[str, list[Times]] = {k: [] for k in arms}
            runs: dict[str, int] = dict.fromkeys(arms, 0)
            for r in range(args.repeats):
                order = arms if r % 2 == 0 else arms[::-1]  # neither arm always goes first
                for arm in order:
                    times, n = repeat_arm(run_arm[arm], args.min_seconds)
                    timed[arm].append(times)
                    runs[arm] += n
            states = samples * args.steps
            per_run = {arm: [t["wall"] for t in ts] for arm, ts in timed.items()}
            cpu = {arm: [t["cpu"] for t in ts] for arm, ts in timed.items()}
            ratios = [b / r for b, r in zip(per_run["bare"], per_run["rec"], strict=True)]
            costs = [(r - b) / states * 1e6
                     for b, r in zip(per_run["bare"], per_run["rec"], strict=True)]
            cpu_ratios = [b / r for b, r in zip(cpu["bare"], cpu["rec"], strict=True)]
            cpu_costs = [(r - b) / states * 1e6 for b, r in zip(cpu["bare"], cpu["rec"],
                                                                 strict=True)]
            rec_times = timed["rec"]
            row = {
                "samples": samples, "states_per_run": states,
                "bare_steps_s": round(args.steps / statistics.median(per_run["bare"]), 1),
                "rec_steps_s": round(args.steps / statistics.median(per_run["rec"]), 1),
                "ratio": {k: round(v, 3) for k, v in spread(ratios).items()},
                "cost_us_per_state": {k: round(v, 1) for k, v in spread(costs).items()},
                "cpu_ratio": {k: round(v, 3) for k, v in spread(cpu_ratios).items()},
                "cpu_cost_us_per_state": {k: round(v, 1) for k, v in spread(cpu_costs).items()},
                "bare_cpu_ms": round(statistics.median(cpu["bare"]) * 1e3, 1),
                "rec_cpu_ms": round(statistics.median(cpu["rec"]) * 1e3, 1),
                "recording_thread_cpu_ms": round(
                    statistics.median(t["main_cpu"] for t in rec_times) * 1e3, 1),
                "setup_ms": round(statistics.median(t["setup"] for t in rec_times) * 1e3, 2),
                "close_ms": round(statistics.median(t["close"] for t in rec_times) * 1e3, 2),
                "runs": runs, "trace_s": round(trace_s, 2), "transcript_bytes": size,
            }
            if args.eager:
                eager = [b / r for b, r in zip(per_run["eager_bare"], per_run["eager_rec"],
                                               strict=True)]
                row["eager_ratio"] = {k: round(v, 3) for k, v in spread(eager).items()}
            parts = breakdown(captured, _header(tmp, model, verifier, guidance), verifier, tmp,
                              args.repeats, args.breakdown_seconds)
            on_path = ("encode_images", "verifier", "attrs_and_construct", "write_all")
            parts["sum_on_path"] = round(sum(parts[k] for k in on_path), 2)
            parts["rest"] = round(row["cost_us_per_state"]["median"] - parts["sum_on_path"], 1)
            row["breakdown_us_per_state"] = parts
            results.append(row)
            if not args.json:
                _print_row(info, row, first=samples == args.samples[0])
    worst = min(r["ratio"]["median"] for r in results)
    passed = worst >= 0.9
    if args.json:
        print(json.dumps({**info, "results": results, "worst_median_ratio": worst,
                          "target": 0.9, "pass": passed}))
        return
    print(f"worst median ratio {worst:.2f} (target >= 0.9): {'PASS' if passed else 'FAIL'}")


def _header(tmp: Path, model, verifier, guidance: float):
    """The header of a real recorded run (for the write part of the breakdown)."""
    config = DiffusionConfig(scaffold="denoise", digit_class=3, steps=1, guidance=guidance,
                             samples=1, scheduler="ddim")
    path = tmp / "header.jsonl"
    runner = LoopRunner(DiffusionLoop(model, verifier, config), path)
    header = runner.writer.header
    runner.close()
    path.unlink()
    return header


def _print_row(info: dict, row: dict, first: bool) -> None:
    if first:
        print(f"# {info['date']} on {info['machine']}, load {info['load_avg']}, torch threads "
              f"{info['torch_threads']}, model {info['model']}, DDIM {info['steps']} steps, "
              f"guidance {info['guidance']}; {info['repeats']} interleaved rounds, each arm "
              f">= {info['min_seconds']} s per round")
    ratio, cost = row["ratio"], row["cost_us_per_state"]
    eager = ""
    if "eager_ratio" in row:
        e = row["eager_ratio"]
        eager = f", eager ratio {e['median']:.2f} ({e['min']:.2f}-{e['max']:.2f})"
    print(f"samples {row['samples']}: bare {row['bare_steps_s']} steps/s, recorded "
          f"{row['rec_steps_s']} steps/s, ratio median {ratio['median']:.3f} "
          f"(min {ratio['min']:.3f}, max {ratio['max']:.3f}), recording cost "
          f"{cost['median']:.1f} µs/state ({cost['min']:.1f} to {cost['max']:.1f}){eager}; "
          f"runs {row['runs']}, trace {row['trace_s']} s, transcript "
          f"{row['transcript_bytes'] / 1024:.0f} KB")
    parts = ", ".join(f"{k} {v:.1f}" for k, v in row["breakdown_us_per_state"].items())
    c, cc = row["cpu_ratio"], row["cpu_cost_us_per_state"]
    print(f"  CPU (process, per run): bare {row['bare_cpu_ms']} ms, recorded "
          f"{row['rec_cpu_ms']} ms (recording thread {row['recording_thread_cpu_ms']} ms), "
          f"ratio median {c['median']:.3f} (min {c['min']:.3f}, max {c['max']:.3f}), "
          f"{cc['median']:.1f} µs CPU per state; recorded run setup {row['setup_ms']} ms, "
          f"close {row['close_ms']} ms")
    print(f"  breakdown, µs per state: {parts}")
    print("  (write_all includes dump_json; sum_on_path: encode_images + verifier + "
          "attrs_and_construct + write_all; rest: cost - sum_on_path, i.e. per-run fixed costs "
          "(loop setup, threads) and the recording thread's contention with the UNet thread, "
          "for the GIL and, on a busy box, for a core)")


if __name__ == "__main__":
    main()
