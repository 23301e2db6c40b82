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
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def _scheduler_config(
    root: Path, meta: dict[str, Any], prediction_type: str
) -> tuple[dict[str, Any], Path]:
    """The scheduler config and the file it came from."""
    for candidate in (root / "scheduler_config.json", root / "scheduler" / "scheduler_config.json"):
        if candidate.is_file():
            config = _read_json(candidate)
            break
    else:
        candidate = root / "mesascope.json"
        config = meta.get("scheduler_config") or {}
        if not isinstance(config, dict):
            raise InputError(f"{candidate}: scheduler_config must be a JSON object")
        config = dict(config)
    config.setdefault("prediction_type", prediction_type)
    return config, candidate


def _reason(err: BaseException) -> str:
    """An exception as a short one-line reason: its first sentence, at most 160 characters."""
    text = " ".join(str(err).split()) or type(err).__name__
    text = text.split(". ")[0].rstrip(".")
    return text if len(text) <= 160 else text[:157] + "..."


@contextmanager
def _quiet_diffusers() -> Iterator[None]:
    """Hide diffusers' own log lines while loading, so a bad file gives our one line only."""
    from diffusers.utils import logging as dlogging

    level = dlogging.get_verbosity()
    dlogging.set_verbosity(logging.CRITICAL)
    try:
        yield
    finally:
        dlogging.set_verbosity(level)


def _load_unet(unet_dir: Path) -> Any:
    from diffusers import UNet2DModel

    try:
        with _quiet_diffusers():
            unet = UNet2DModel.from_pretrained(unet_dir, use_safetensors=True)
    except Exception as err:  # diffusers and safetensors raise many kinds for a bad file
        raise InputError(f"{unet_dir}: not a UNet2DModel directory ({_reason(err)})") from None
    return unet.eval().requires_grad_(False)


def load_native_model(root: Path) -> NativeDiffusionModel:
    """Load a UNet2DModel directory that carries a `mesascope.json`.

    Any bad file (weights, UNet config, `mesascope.json` field, scheduler config) is an
    InputError naming it.
    """
    meta_path = root / "mesascope.json"
    meta = _read_json(meta_path)
    unet_dir = root / "unet" if (root / "unet" / "config.json").is_file() else root
    weights = sorted(unet_dir.glob("*.safetensors"))
    if not weights:
        raise InputError(f"{unet_dir}: no .safetensors weights (other formats are not loaded)")
    unet = _load_unet(unet_dir)
    cfg = unet.config
    try:
        prediction = str(meta.get("prediction_type", "epsilon"))
        num_classes = meta.get("num_classes", cfg.num_class_embeds and cfg.num_class_embeds - 1)
        null_class = meta.get("null_class", num_classes)
        sched = meta.get("scheduler") or meta.get("recommended_scheduler") or "ddim"
        if isinstance(sched, dict):
            sched = sched.get("name") or sched.get("class_name") or "ddim"
        image_size = int(meta.get("image_size", cfg.sample_size))
        num_classes = int(num_classes) if cfg.num_class_embeds and num_classes else None
        null_class = int(null_class) if cfg.num_class_embeds and null_class is not None else None
        guidance = float(meta.get("default_guidance", 1.0))
        model_id = str(meta.get("id", root.name))
    except (TypeError, ValueError) as err:
        raise InputError(f"{meta_path}: bad field ({_reason(err)})") from None
    if image_size < 1:
        raise InputError(f"{meta_path}: image_size must be positive, got {image_size}")
    default_scheduler = str(sched).lower().removesuffix("scheduler")
    if default_scheduler.removesuffix("discrete") not in SCHEDULERS:
        raise InputError(f"{meta_path}: unknown scheduler {sched!r} (ddpm, ddim or euler)")
    scheduler_config, sched_source = _scheduler_config(root, meta, prediction)
    _check_scheduler(default_scheduler, scheduler_config, sched_source)
    return NativeDiffusionModel(
        unet=unet,
        scheduler_config=scheduler_config,
        image_size=image_size,
        channels=int(cfg.in_channels),
        num_classes=num_classes,
        null_class=null_class,
        default_guidance=guidance,
        prediction_type=prediction,
        default_scheduler=default_scheduler,
        info=ModelInfo(id=model_id, backend="diffusers", file_hash=file_hash(weights[0])),
        meta=meta,
    )


def _check_scheduler(name: str, config: dict[str, Any], source: Path) -> None:
    """Build the model's default scheduler once, so a bad config fails here, naming its file."""
    try:
        make_scheduler(name, config).set_timesteps(2)
    except Exception as err:  # diffusers validates little; torch fails on bad values
        reason = _reason(err)
        raise InputError(f"{source}: not a usable {name} scheduler config ({reason})") from None


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
        with _quiet_diffusers():
            pipe = DiffusionPipeline.from_pretrained(root, **kwargs)
    except Exception as err:  # diffusers and safetensors raise many kinds for a bad file
        raise InputError(f"{root}: cannot load the diffusers pipeline ({_reason(err)})") from None
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
            try:
                with _quiet_diffusers():
                    vae = AutoencoderTiny.from_pretrained(config.parent, use_safetensors=True)
            except Exception as err:  # as for the pipeline: any failure is the file's
                raise InputError(
                    f"{config.parent}: not an AutoencoderTiny directory ({_reason(err)})"
                ) from None
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

