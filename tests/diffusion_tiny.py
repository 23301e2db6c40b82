"""Tiny randomly initialised diffusion models that the diffusion tests build and save (no download)."""

from __future__ import annotations

import json
from pathlib import Path

import torch


def save_tiny_native_model(root: Path, seed: int = 0, size: int = 8) -> Path:
    """A class-conditional UNet2DModel with the embedded model's config shape (11 class embeds,
    null class 10), saved as safetensors with its mesascope.json and scheduler config."""
    from diffusers import DDPMScheduler, UNet2DModel

    torch.manual_seed(seed)
    unet = UNet2DModel(
        sample_size=size,
        in_channels=1,
        out_channels=1,
        block_out_channels=(16, 32),
        layers_per_block=1,
        down_block_types=("DownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "UpBlock2D"),
        num_class_embeds=11,
        norm_num_groups=8,
    )
    root.mkdir(parents=True, exist_ok=True)
    unet.save_pretrained(root, safe_serialization=True)
    DDPMScheduler(num_train_timesteps=1000).save_pretrained(root)
    meta = {
        "id": "tiny-random-digits",
        "image_size": size,
        "num_classes": 10,
        "null_class": 10,
        "default_guidance": 2.0,
        "prediction_type": "epsilon",
        "scheduler": "ddim",
    }
    (root / "mesascope.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def tiny_verifier(seed: int = 0):  # noqa: ANN201
    """The shipped digits classifier when it exists, else a seeded random linear classifier."""
    from scaffold.loops.diffusion_verifier import TorchClassifierVerifier, load_digits_verifier
    from scaffold.models.diffusers_backend import CLASSIFIER_PATH

    if CLASSIFIER_PATH.is_file():
        return load_digits_verifier()
    torch.manual_seed(seed)
    module = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 10))
    return TorchClassifierVerifier(module, name="random-linear")
