"""The digits verifier: a small CNN that maps images in [-1, 1] to logits over the 10 digits.

Any square input size is area-pooled to 8x8 first, so it reads the DDPM's samples and its
partially denoised x̂0 at the model's own resolution. Weights load from safetensors only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import torch
import torch.nn.functional as F
from torch import nn

from scaffold.errors import InputError

INPUT_SIZE = 8
NUM_CLASSES = 10
DEFAULT_CONFIG: dict[str, Any] = {
    "arch": "DigitsCNN",
    "channels": [32, 64],
    "hidden": 64,
    "input_size": INPUT_SIZE,
    "num_classes": NUM_CLASSES,
    "input_range": [-1.0, 1.0],
}


class DigitsCNN(nn.Module):
    """Two 3x3 conv stages (8x8 then 4x4) and a small MLP head; ~60k parameters."""

    def __init__(self, channels: tuple[int, int] = (32, 64), hidden: int = 64) -> None:
        super().__init__()
        c1, c2 = channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(c1, c1, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(c2 * 4, hidden), nn.ReLU(), nn.Linear(hidden, NUM_CLASSES)
        )

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """(B, 1, H, W) in [-1, 1] -> (B, 10) logits."""
        x = images.float()
        if x.shape[1] > 1:
            x = x.mean(dim=1, keepdim=True)
        if x.shape[-2:] != (INPUT_SIZE, INPUT_SIZE):
            x = F.adaptive_avg_pool2d(x, INPUT_SIZE)
        # The layers of `features` and `head` called as functions: the same kernels on the same
        # weights (identical logits), without the module-call overhead of each layer: the
        # diffusion loop runs the verifier at every denoising step, under the GIL.
        conv1, _, conv2, _, _, conv3, _, _ = (cast(nn.Conv2d, m) for m in self.features)
        _, fc1, _, fc2 = (cast(nn.Linear, m) for m in self.head)
        h = F.relu(F.conv2d(x.clamp(-1.0, 1.0), conv1.weight, conv1.bias, padding=1))
        h = F.max_pool2d(F.relu(F.conv2d(h, conv2.weight, conv2.bias, padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, conv3.weight, conv3.bias, padding=1)), 2)
        return F.linear(F.relu(F.linear(h.flatten(1), fc1.weight, fc1.bias)), fc2.weight, fc2.bias)


def config_path(weights: Path) -> Path:
    """The json config that sits next to a weights file (`name.safetensors` -> `name.json`)."""
    return weights.with_suffix(".json")


def load_digits_classifier(path: Path | str) -> DigitsCNN:
    """A `DigitsCNN` in eval mode from a safetensors file (never `torch.load`).

    A missing, corrupt or mismatched file (or its json config) is an InputError naming it.
    """
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such classifier weights file")
    cfg = dict(DEFAULT_CONFIG)
    cfg_file = config_path(path)
    if cfg_file.is_file():
        try:
            cfg.update(json.loads(cfg_file.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as err:
            raise InputError(f"{cfg_file}: not a classifier config ({err})") from None
    if cfg.get("arch") != "DigitsCNN":
        raise InputError(f"{path}: unknown classifier arch {cfg.get('arch')!r}")
    try:
        c1, c2 = cfg["channels"]
        module = DigitsCNN((int(c1), int(c2)), int(cfg["hidden"]))
        module.load_state_dict(load_file(str(path)), strict=True)
    except (SafetensorError, RuntimeError, ValueError, TypeError, KeyError, OSError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(f"{path}: not DigitsCNN weights ({first})") from None
    return module.eval().requires_grad_(False)


def save_digits_classifier(module: DigitsCNN, path: Path, extra: dict[str, Any]) -> None:
    """Weights as safetensors plus the json config (and any training facts in `extra`)."""
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous() for k, v in module.state_dict().items()}
    save_file(state, str(path))
    cfg = {**DEFAULT_CONFIG, **extra}
    config_path(path).write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
