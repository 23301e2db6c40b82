"""Train the embedded class-conditional digits DDPM on CPU, seeded, and evaluate it as it trains.

Every `--eval-every` steps the EMA UNet draws classifier-free guided DDIM samples (50 steps) for
every digit; a LogisticRegression fitted on the raw digits judges them. The curve, the guidance
sweep and the run time go to `train_log.json` next to the weights.

    .venv/bin/python scripts/train_digits.py            # the shipped recipe
    .venv/bin/python scripts/train_digits.py --help     # the knobs that were swept
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from diffusers import DDPMScheduler, UNet2DModel
from digits_common import NULL_CLASS, digits_tensor, fit_judge, per_class_accuracy, sample_cfg

OUT = Path(__file__).resolve().parent.parent / "scaffold" / "models" / "weights" / "digits_ddpm"


def build_unet(size: int, channels: tuple[int, ...]) -> UNet2DModel:
    """A small UNet2DModel whose class embedding is added to the time embedding."""
    n = len(channels)
    return UNet2DModel(
        sample_size=size,
        in_channels=1,
        out_channels=1,
        block_out_channels=channels,
        layers_per_block=1,
        down_block_types=("DownBlock2D",) * (n - 1) + ("AttnDownBlock2D",),
        up_block_types=("AttnUpBlock2D",) + ("UpBlock2D",) * (n - 1),
        class_embed_type=None,
        num_class_embeds=NULL_CLASS + 1,
        norm_num_groups=8,
        attention_head_dim=8,
    )


def target_of(sched: DDPMScheduler, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor):
    """What the UNet is trained to predict under the scheduler's prediction type."""
    kind = sched.config.prediction_type
    if kind == "epsilon":
        return noise
    if kind == "sample":
        return x0
    return sched.get_velocity(x0, noise, t)


def evaluate(
    unet: UNet2DModel, sched_cfg: dict[str, Any], judge: Any, per_class: int, guidance: float
) -> dict[str, Any]:
    labels = torch.arange(10).repeat_interleave(per_class)
    images = sample_cfg(unet, sched_cfg, labels, guidance, steps=50, seed=1234)
    acc = per_class_accuracy(judge, images, labels)
    return {"guidance": guidance, "per_class": acc, "mean": sum(acc.values()) / len(acc)}


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo, else the platform's machine name."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--schedule", default="squaredcos_cap_v2")
    p.add_argument(
        "--prediction", default="v_prediction", choices=["epsilon", "sample", "v_prediction"]
    )
    p.add_argument("--ema", type=float, default=0.999, help="EMA decay; 0 disables EMA")
    p.add_argument("--p-uncond", type=float, default=0.15)
    p.add_argument("--size", type=int, default=8, choices=[8, 16])
    p.add_argument("--channels", default="24,48,48")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--eval-per-class", type=int, default=30)
    p.add_argument("--eval-guidance", default="1,3")
    p.add_argument("--clip-sample", action="store_true", help="clip x0 to [-1, 1] when sampling")
    p.add_argument("--final-per-class", type=int, default=100)
    p.add_argument("--guidances", default="1,1.5,2,3,5")
    p.add_argument("--out", type=Path, default=OUT)
    return p.parse_args()


def main() -> None:
    args = parse()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    x_all, y_all = digits_tensor(args.size)
    channels = tuple(int(c) for c in args.channels.split(","))
    unet = build_unet(args.size, channels)
    sched = DDPMScheduler(
        num_train_timesteps=1000,
        beta_schedule=args.schedule,
        prediction_type=args.prediction,
        clip_sample=args.clip_sample,
    )
    ema = copy.deepcopy(unet).eval().requires_grad_(False)
    opt = torch.optim.AdamW(unet.parameters(), lr=args.lr, weight_decay=0.0)
    warm = torch.optim.lr_scheduler.LinearLR(opt, 1e-3, 1.0, total_iters=args.warmup)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps - args.warmup)
    lr_sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cosine], [args.warmup])
    judge = fit_judge()
    n_params = sum(p.numel() for p in unet.parameters())
    print(f"params {n_params}  args {vars(args)}", flush=True)
    gen = torch.Generator().manual_seed(args.seed)
    curve: list[dict[str, Any]] = []
    t0, eval_time, losses = time.perf_counter(), 0.0, []
    for step in range(1, args.steps + 1):
        idx = torch.randint(len(x_all), (args.batch,), generator=gen)
        x0, y = x_all[idx], y_all[idx].clone()
        y[torch.rand(len(y), generator=gen) < args.p_uncond] = NULL_CLASS
        noise = torch.randn(x0.shape, generator=gen)
        t = torch.randint(0, 1000, (len(x0),), generator=gen)
        pred = unet(sched.add_noise(x0, noise, t), t, class_labels=y).sample
        loss = F.mse_loss(pred, target_of(sched, x0, noise, t))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(unet.parameters(), 1.0)
        opt.step()
        lr_sched.step()
        decay = min(args.ema, (1 + step) / (10 + step)) if args.ema > 0 else 0.0
        with torch.no_grad():
            for e, p in zip(ema.parameters(), unet.parameters(), strict=True):
                e.lerp_(p, 1.0 - decay)
        losses.append(loss.item())
        if step % args.eval_every == 0 or step == args.steps:
            e0 = time.perf_counter()
            for w in args.eval_guidance.split(","):
                res = evaluate(ema, dict(sched.config), judge, args.eval_per_class, float(w))
                row = {"step": step, "loss": sum(losses) / len(losses), **res}
                row["train_seconds"] = round(e0 - t0 - eval_time, 1)
                curve.append(row)
                accs = " ".join(f"{a:.2f}" for a in res["per_class"].values())
                print(f"step {step} loss {row['loss']:.4f} w {w} mean {res['mean']:.3f} [{accs}]")
            eval_time += time.perf_counter() - e0
            losses = []
    train_seconds = time.perf_counter() - t0 - eval_time
    sweep = [
        evaluate(ema, dict(sched.config), judge, args.final_per_class, float(w))
        for w in args.guidances.split(",")
    ]
    for res in sweep:
        print(
            f"final w={res['guidance']} mean {res['mean']:.3f} min "
            f"{min(res['per_class'].values()):.3f}",
            flush=True,
        )
    best = max(sweep, key=lambda r: (min(r["per_class"].values()), r["mean"]))
    save(args, ema, sched, best, curve, sweep, train_seconds, n_params)


def save(
    args: argparse.Namespace,
    unet: UNet2DModel,
    sched: DDPMScheduler,
    best: dict,
    curve: list,
    sweep: list,
    train_seconds: float,
    n_params: int,
) -> None:
    """Weights (safetensors), scheduler config, mesascope.json and the training log."""
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    unet.save_pretrained(out, safe_serialization=True)
    sched.save_pretrained(out)
    meta = {
        "id": "mesascope-digits-ddpm",
        "image_size": args.size,
        "num_classes": 10,
        "null_class": NULL_CLASS,
        "default_guidance": best["guidance"],
        "prediction_type": args.prediction,
        "scheduler": "ddim",
        "recommended_steps": 50,
        "data": "sklearn.datasets.load_digits, 0..16 scaled to [-1, 1]",
    }
    (out / "mesascope.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log = {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "params": n_params,
        "train_seconds": round(train_seconds, 1),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{cpu_name()}, {os.cpu_count()} cores, torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads",
        "curve": curve,
        "guidance_sweep": sweep,
    }
    (out / "train_log.json").write_text(json.dumps(log, indent=1) + "\n", encoding="utf-8")
    print(f"saved {out} (default_guidance {best['guidance']}, {train_seconds:.0f} s)")


if __name__ == "__main__":
    main()
