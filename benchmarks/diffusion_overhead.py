"""Recorded diffusion loop vs the bare diffusers loop: denoising steps per second, side by side.

Both sample the same model with the same DDIM scheduler, steps, batch and guidance, and call
the UNet the same way: as the cached TorchScript trace the loop uses by default
(scaffold.loops.diffusion_unet), and, in the eager columns, as eager diffusers code (the
recorded loop with `speedups=False`: also no thread running ahead and an eager verifier). The bare
loop is the textbook diffusers loop (UNet, guidance, `scheduler.step`). The recorded loop is
`DiffusionLoop` under `LoopRunner`: one state per sample per step with x_t, x̂0, the verifier
posterior and entropy, each step written and flushed as it goes (fsynced on a background thread
at most every 50 ms, see docs/transcript.md). Runs alternate to share machine noise.
Target (issue 4): ratio >= 0.9.

Usage: python benchmarks/diffusion_overhead.py [--model DIR] [--steps 50] [--samples 1 8]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import torch
from machine import describe

from scaffold.loops.diffusion import DiffusionLoop
from scaffold.loops.diffusion_config import DiffusionConfig
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


@torch.no_grad()
def bare_loop(
    model: NativeDiffusionModel, samples: int, steps: int, guidance: float, traced: bool = True
) -> float:
    """Seconds for the plain diffusers sampling loop, calling the UNet as the recorded loop
    does (`traced`: the same cached TorchScript call) or as eager diffusers code."""
    unet = unet_call(model.unet, trace=traced)
    t0 = time.perf_counter()
    sched = make_scheduler("ddim", model.scheduler_config)
    sched.set_timesteps(steps)
    gen = torch.Generator().manual_seed(0)
    size = model.image_size
    x = torch.randn((samples, model.channels, size, size), generator=gen) * sched.init_noise_sigma
    y = torch.full((samples,), 3)
    null = int(model.null_class or 0)
    for t in sched.timesteps:
        guided = unet(x, t, y, guidance=guidance, null_class=null)
        x = sched.step(guided, t, x).prev_sample
    return time.perf_counter() - t0


def recorded_loop(
    model: NativeDiffusionModel, verifier, samples: int, steps: int, guidance: float, out: Path,
    traced: bool = True,
) -> float:
    """Seconds for the same sampling as a recorded loop (transcript written to `out`);
    `traced=False` runs it with `speedups=False`."""
    t0 = time.perf_counter()
    config = DiffusionConfig(
        scaffold="denoise", digit_class=3, steps=steps, guidance=guidance, samples=samples,
        scheduler="ddim", speedups=traced,
    )
    runner = LoopRunner(DiffusionLoop(model, verifier, config), out)
    while runner.step() is not None:
        pass
    runner.close()
    return time.perf_counter() - t0


def main() -> None:
    with sampling_threads():
        measure()


def measure() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--samples", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    model = load_native_model(resolve_model_dir(args.model))
    verifier = load_digits_verifier()
    guidance = model.default_guidance
    print(f"# {date.today()} on {describe()}, "
          f"torch threads {torch.get_num_threads()}, model {model.info.id}, DDIM "
          f"{args.steps} steps, guidance {guidance}")
    print("| samples | bare steps/s | recorded steps/s | ratio | eager bare | eager recorded | "
          "eager ratio | trace (once) | transcript |")
    print("|---|---|---|---|---|---|---|---|---|")
    worst = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        bare_loop(model, 1, 2, guidance, traced=False)  # warm-up
        for samples in args.samples:
            t0 = time.perf_counter()
            bare_loop(model, samples, 1, guidance)  # traces this batch's signature, once
            trace_s = time.perf_counter() - t0
            runs: dict[str, list[float]] = {"bare": [], "rec": [], "eager_bare": [],
                                            "eager_rec": []}
            size = 0
            for r in range(args.repeats):
                out = Path(tmp) / f"rec-{samples}-{r}.jsonl"
                runs["bare"].append(bare_loop(model, samples, args.steps, guidance))
                runs["rec"].append(
                    recorded_loop(model, verifier, samples, args.steps, guidance, out))
                size = out.stat().st_size
                runs["eager_bare"].append(
                    bare_loop(model, samples, args.steps, guidance, traced=False))
                runs["eager_rec"].append(recorded_loop(
                    model, verifier, samples, args.steps, guidance, out.with_suffix(".e"),
                    traced=False))
            rate = {k: args.steps / statistics.median(v) for k, v in runs.items()}
            ratio = rate["rec"] / rate["bare"]
            worst = min(worst, ratio)
            print(f"| {samples} | {rate['bare']:.1f} | {rate['rec']:.1f} | {ratio:.2f} | "
                  f"{rate['eager_bare']:.1f} | {rate['eager_rec']:.1f} | "
                  f"{rate['eager_rec'] / rate['eager_bare']:.2f} | {trace_s:.2f} s | "
                  f"{size / 1024:.0f} KB |")
    print("ratio: recorded / bare, both calling the UNet as one traced TorchScript call (the "
          "default); eager: both as eager diffusers code (recorded: speedups=False)")
    print(f"worst ratio {worst:.2f} (target >= 0.9): {'PASS' if worst >= 0.9 else 'FAIL'}")


if __name__ == "__main__":
    main()
