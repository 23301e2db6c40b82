"""Digits quality through the real CLI: does each requested class come out as that class?

Issue 4's check, verbatim: for each class C in 0-9,

    mesascope run --loop diffusion --scaffold denoise --class C --samples 8 --steps 50 \
        --seed C --headless --out X
    mesascope export X --format npz

then a LogisticRegression fitted on scikit-learn's raw digits (not the loop's verifier)
classifies `images[is_final]`, mapped from [-1, 1] back to the 0..16 scale of `load_digits`.
Target: mean agreement >= 90%. Guidance is the model's default unless `--guidance` is given.

Usage: python benchmarks/diffusion_quality.py [--samples 8] [--steps 50] [--guidance W]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
from machine import describe
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

MESASCOPE = Path(sys.executable).with_name("mesascope")


def judge() -> LogisticRegression:
    data = load_digits()
    return LogisticRegression(max_iter=5000).fit(data.data, data.target)


def to_raw(images: np.ndarray) -> np.ndarray:
    """(n, 8, 8) images in [-1, 1] to flat features on the 0..16 scale."""
    return ((np.clip(images, -1.0, 1.0) + 1.0) * 8.0).reshape(len(images), -1)


def run_class(c: int, args: argparse.Namespace, tmp: Path) -> tuple[np.ndarray, np.ndarray]:
    """Final images and their recorded target classes for one `mesascope run`."""
    out = tmp / f"class{c}.jsonl"
    cmd = [
        str(MESASCOPE), "run", "--loop", "diffusion", "--scaffold", "denoise",
        "--class", str(c), "--samples", str(args.samples), "--steps", str(args.steps),
        "--seed", str(c), "--headless", "--out", str(out),
    ]
    if args.guidance is not None:
        cmd += ["--guidance", str(args.guidance)]
    subprocess.run(cmd, check=True, capture_output=True)
    subprocess.run(
        [str(MESASCOPE), "export", str(out), "--format", "npz"], check=True, capture_output=True
    )
    data = np.load(out.with_suffix(".npz"), allow_pickle=False)
    final = data["is_final"]
    return data["images"][final], data["target_class"][final]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--guidance", type=float, default=None)
    args = ap.parse_args()
    lr = judge()
    load = os.getloadavg()[0]
    print(f"# {date.today()} on {describe()}, load {load:.1f}, DDIM {args.steps} steps, "
          f"guidance {args.guidance if args.guidance is not None else 'model default'}, "
          f"{args.samples} samples per class, judge LogisticRegression on raw load_digits")
    print("| class | finals | agreement | predicted | seconds |")
    print("|---|---|---|---|---|")
    accs = []
    with tempfile.TemporaryDirectory() as tmp:
        for c in range(10):
            t0 = time.perf_counter()
            images, targets = run_class(c, args, Path(tmp))
            if len(images) != args.samples or not (targets == c).all():
                raise SystemExit(f"class {c}: expected {args.samples} finals of class {c}, "
                                 f"got {len(images)} with targets {sorted(set(targets))}")
            pred = lr.predict(to_raw(images))
            acc = float((pred == c).mean())
            accs.append(acc)
            print(f"| {c} | {len(images)} | {acc:.0%} | {' '.join(map(str, pred))} | "
                  f"{time.perf_counter() - t0:.1f} |", flush=True)
    mean = float(np.mean(accs))
    print(f"mean {mean:.1%}, min {min(accs):.0%} (target mean >= 90%): "
          f"{'PASS' if mean >= 0.9 else 'FAIL'}")


if __name__ == "__main__":
    main()
