"""Diffusion backends: the embedded class-conditional digits UNet, or a local model directory.

A directory with `mesascope.json` next to a `UNet2DModel` (`config.json` + safetensors) is a
*native* model: the loop drives its UNet and a diffusers scheduler itself, so every scaffold and
fork works. A directory with `model_index.json` is a diffusers *pipeline* (DDPMPipeline,
StableDiffusionPipeline, ...), stepped through its own `__call__`. Weights load only from
safetensors; nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from scaffold.errors import InputError
from scaffold.transcript.events import ModelInfo

WEIGHTS_DIR = Path(__file__).parent / "weights"
EMBEDDED_DIR = WEIGHTS_DIR / "digits_ddpm"
CLASSIFIER_PATH = WEIGHTS_DIR / "digits_classifier.safetensors"
SCHEDULERS = ("ddpm", "ddim", "euler")


def file_hash(path: Path) -> str:
    """sha256 of a file, prefixed like `sha256:...`."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def make_scheduler(name: str, config: dict[str, Any]) -> Any:
    """A fresh diffusers scheduler of kind `name` built from a scheduler config."""
    from diffusers import DDIMScheduler, DDPMScheduler, EulerDiscreteScheduler

    classes = {"ddpm": DDPMScheduler, "ddim": DDIMScheduler, "euler": EulerDiscreteScheduler}
    key = name.lower().removesuffix("scheduler").removesuffix("discrete")
    if key not in classes:
        raise InputError(f"--scheduler: unknown scheduler {name!r} (choose ddpm, ddim or euler)")
    return classes[key].from_config(config)


@dataclass
class NativeDiffusionModel:
    """A `UNet2DModel`, its scheduler config and the mesascope metadata that goes with it."""

    unet: Any
    scheduler_config: dict[str, Any]
    image_size: int
    channels: int
    num_classes: int | None
    null_class: int | None
    default_guidance: float
    prediction_type: str
    default_scheduler: str
    info: ModelInfo
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def conditional(self) -> bool:
        return self.num_classes is not None and self.null_class is not None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: cannot read JSON ({err.__class__.__name__})") from None
    if not isinstance(obj, dict):
        raise InputError(f"{path}: expected a JSON object")
    return obj


def _scheduler_config(root: Path, meta: dict[str, Any], prediction_type: str) -> dict[str, Any]:
    for candidate in (root / "scheduler_config.json", root / "scheduler" / "scheduler_config.json"):
        if candidate.is_file():
            config = _read_json(candidate)
            break
    else:
        config = dict(meta.get("scheduler_config") or {})
    config.setdefault("prediction_type", prediction_type)
    return config


def load_native_model(root: Path) -> NativeDiffusionModel:
    """Load a UNet2DModel directory that carries a `mesascope.json`."""
    from diffusers import UNet2DModel

    meta = _read_json(root / "mesascope.json")
    unet_dir = root / "unet" if (root / "unet" / "config.json").is_file() else root
    weights = sorted(unet_dir.glob("*.safetensors"))
    if not weights:
        raise InputError(f"{unet_dir}: no .safetensors weights (other formats are not loaded)")
    try:
        unet = UNet2DModel.from_pretrained(unet_dir, use_safetensors=True)
    except (OSError, ValueError, KeyError) as err:
        raise InputError(f"{unet_dir}: not a UNet2DModel directory ({err})") from None
    unet.eval().requires_grad_(False)
    cfg = unet.config
    prediction = str(meta.get("prediction_type", "epsilon"))
    num_classes = meta.get("num_classes", cfg.num_class_embeds and cfg.num_class_embeds - 1)
    null_class = meta.get("null_class", num_classes)
    sched = meta.get("scheduler") or meta.get("recommended_scheduler") or "ddim"
    if isinstance(sched, dict):
        sched = sched.get("name") or sched.get("class_name") or "ddim"
    return NativeDiffusionModel(
        unet=unet,
        scheduler_config=_scheduler_config(root, meta, prediction),
        image_size=int(meta.get("image_size", cfg.sample_size)),
        channels=int(cfg.in_channels),
        num_classes=int(num_classes) if cfg.num_class_embeds and num_classes else None,
        null_class=int(null_class) if cfg.num_class_embeds and null_class is not None else None,
        default_guidance=float(meta.get("default_guidance", 1.0)),
        prediction_type=prediction,
        default_scheduler=str(sched).lower().removesuffix("scheduler"),
        info=ModelInfo(
            id=str(meta.get("id", root.name)), backend="diffusers", file_hash=file_hash(weights[0])
        ),
        meta=meta,
    )


def is_pipeline_dir(root: Path) -> bool:
    return (root / "model_index.json").is_file()


def load_pipeline(root: Path) -> Any:
    """Load a diffusers pipeline directory offline, from safetensors only."""
    from diffusers import DiffusionPipeline

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    kwargs: dict[str, Any] = {"use_safetensors": True, "local_files_only": True}
    index = _read_json(root / "model_index.json")
    if "safety_checker" in index:
        kwargs.update(safety_checker=None, requires_safety_checker=False)
    try:
        pipe = DiffusionPipeline.from_pretrained(root, **kwargs)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{root}: cannot load the diffusers pipeline ({err})") from None
    pipe.set_progress_bar_config(disable=True)
    return pipe


def load_tiny_autoencoder(root: Path) -> Any | None:
    """An `AutoencoderTiny` in a subfolder of the pipeline directory, if there is one."""
    from diffusers import AutoencoderTiny

    for config in sorted(root.glob("*/config.json")):
        try:
            name = json.loads(config.read_text(encoding="utf-8")).get("_class_name")
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if name == "AutoencoderTiny":
            vae = AutoencoderTiny.from_pretrained(config.parent, use_safetensors=True)
            return vae.eval().requires_grad_(False)
    return None


def resolve_model_dir(model: str | None) -> Path:
    """`--model DIR` or the embedded digits model, with a one-line error when it is missing."""
    root = Path(model) if model else EMBEDDED_DIR
    if not root.is_dir():
        where = f"--model {model}" if model else f"embedded model {root}"
        raise InputError(f"{where}: directory not found")
    if not (is_pipeline_dir(root) or (root / "mesascope.json").is_file()):
        raise InputError(
            f"{root}: neither a diffusers pipeline (model_index.json) nor a mesascope "
            "UNet2DModel directory (mesascope.json)"
        )
    return root


def torch_threads() -> None:
    """Sample on `MESASCOPE_SAMPLING_THREADS` torch threads (default 1, as for text models).

    The digits UNet is small, so OpenMP threads mostly wait on each other when another job holds
    a core: 8 samples x 50 guided DDIM steps took 2.9-5.6 s on 1 thread and 53-196 s on 2
    (2026-11-22, 2-core EPYC under load 8).
    """
    torch.set_num_threads(max(1, int(os.environ.get("MESASCOPE_SAMPLING_THREADS", "1"))))
