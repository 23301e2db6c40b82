"""Shared helpers for the digits training scripts: data, CFG DDIM sampling and the LR judge."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

NULL_CLASS = 10


def digits_tensor(size: int = 8) -> tuple[torch.Tensor, torch.Tensor]:
    """All 1,797 digits as (N, 1, size, size) in [-1, 1] (nearest upsampling) and labels."""
    data = load_digits()
    x = torch.tensor(data.images, dtype=torch.float32).unsqueeze(1) / 8.0 - 1.0
    if size != 8:
        x = F.interpolate(x, scale_factor=size // 8, mode="nearest")
    return x, torch.tensor(data.target, dtype=torch.long)


def to_raw_digits(images: torch.Tensor) -> np.ndarray:
    """Model-scale images back to flat 8x8 features on the 0..16 scale of `load_digits`."""
    x = F.adaptive_avg_pool2d(images.float().clamp(-1, 1), 8)
    return ((x + 1.0) * 8.0).reshape(len(x), 64).numpy()


def fit_judge() -> LogisticRegression:
    """The independent judge: a LogisticRegression on the raw 0..16 digits."""
    data = load_digits()
    return LogisticRegression(max_iter=5000).fit(data.data, data.target)


@torch.no_grad()
def sample_cfg(
    unet: Any,
    scheduler_config: dict[str, Any],
    labels: torch.Tensor,
    guidance: float,
    steps: int = 50,
    seed: int = 0,
    batch: int = 500,
) -> torch.Tensor:
    """Classifier-free guided DDIM samples (eta 0) for `labels`, seeded."""
    from diffusers import DDIMScheduler

    size = int(unet.config.sample_size)
    gen = torch.Generator().manual_seed(seed)
    noise = torch.randn((len(labels), 1, size, size), generator=gen)
    outs = []
    for start in range(0, len(labels), batch):
        y = labels[start : start + batch]
        x = noise[start : start + batch]
        sched = DDIMScheduler.from_config(scheduler_config)
        sched.set_timesteps(steps)
        x = x * sched.init_noise_sigma
        null = torch.full_like(y, NULL_CLASS)
        for t in sched.timesteps:
            both = unet(torch.cat([x, x]), t, class_labels=torch.cat([y, null])).sample
            cond, uncond = both.chunk(2)
            x = sched.step(uncond + guidance * (cond - uncond), t, x).prev_sample
        outs.append(x)
    return torch.cat(outs)


def per_class_accuracy(
    judge: LogisticRegression, images: torch.Tensor, labels: torch.Tensor
) -> dict[int, float]:
    """Fraction of samples of each requested class that the judge assigns to that class."""
    pred = judge.predict(to_raw_digits(images))
    y = labels.numpy()
    return {int(c): float((pred[y == c] == c).mean()) for c in np.unique(y)}
