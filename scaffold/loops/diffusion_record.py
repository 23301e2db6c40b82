"""How a diffusion step becomes events: image payloads, posterior attrs, one state per track."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from scaffold.loops.diffusion_construct import Construct
from scaffold.loops.diffusion_verifier import entropy
from scaffold.transcript.images import ImageData

FULL_PRECISION_VALUES = 64 * 64 * 4
"""Images up to this many values are stored exactly (float32); bigger ones shrink (see attrs)."""
PREVIEW_SIDE = 64
_new_image = Construct(ImageData)


@dataclass
class Track:
    """One trajectory being denoised: a candidate noise or path of one sample."""

    sample: int
    target: int
    candidate: str
    x: torch.Tensor
    generator: torch.Generator
    noise_seed: int
    parent_step: int | None = None
    parent_candidate: str | None = None
    noise: torch.Tensor | None = None
    last_step: int | None = None
    x0_hat: torch.Tensor | None = None
    judged: torch.Tensor | None = None
    """The image the verifier last judged: x̂0 mid-schedule, x_0 at the end (decoded)."""
    log_posterior: np.ndarray | None = None
    extra: dict[str, float | int | str] = field(default_factory=dict)

    def score(self) -> float:
        """The verifier's log-confidence for the target class (monotone in the confidence,
        but it does not saturate at 1.0, so confident candidates are not tied)."""
        if self.log_posterior is None:
            return float("-inf")
        return float(self.log_posterior[self.target])


def image_payload(x: torch.Tensor) -> tuple[ImageData, str]:
    """(C, H, W) -> ImageData as (H, W) or (H, W, C); exact float32 when small.

    Bigger images are area-downsampled to at most 64 px a side and stored as float16; the
    returned note says so and goes into the state's attrs.
    """
    arr = x.detach().float()
    note = "exact float32"
    if arr.numel() > FULL_PRECISION_VALUES:
        side = max(arr.shape[-2:])
        if side > PREVIEW_SIDE:
            scale = PREVIEW_SIDE / side
            size = (max(1, round(arr.shape[-2] * scale)), max(1, round(arr.shape[-1] * scale)))
            arr = F.adaptive_avg_pool2d(arr[None], size)[0]
            note = f"float16, area-downsampled from {tuple(x.shape[-2:])} to {size}"
        else:
            note = "float16"
        out = arr.numpy().astype(np.float16)
    else:
        out = arr.numpy().astype(np.float32)
    out = out[0] if out.shape[0] == 1 else np.moveaxis(out, 0, -1)
    return ImageData.from_array(np.ascontiguousarray(out)), note


def as_numpy(x: torch.Tensor) -> np.ndarray:
    """A float32 tensor's values as a numpy array, without a torch op when it already is one
    (every torch op releases and retakes the GIL, which the UNet thread is waiting for)."""
    if x.dtype == torch.float32 and not x.requires_grad:
        return x.numpy()
    return x.detach().float().numpy()


def image_payloads(batch: torch.Tensor) -> list[tuple[ImageData, str]]:
    """`image_payload` of every item of an (N, C, H, W) batch, converting the batch once.

    Small images (the exact float32 case) are made little-endian bytes in one go and cut into
    one base64 string per item; the result is what `ImageData.from_array` gives for each item.
    """
    if math.prod(batch.shape[1:]) > FULL_PRECISION_VALUES:
        return [image_payload(x) for x in batch]
    arr = as_numpy(batch)
    arr = arr[:, 0] if arr.shape[1] == 1 else np.moveaxis(arr, 1, -1)
    raw = memoryview(np.ascontiguousarray(arr, dtype="<f4").tobytes())
    shape = tuple(int(n) for n in arr.shape[1:])
    size = len(raw) // len(arr)
    encode, construct = base64.b64encode, _new_image
    return [
        (
            construct(
                encoding="array",
                dtype="float32",
                shape=shape,
                data=encode(raw[i * size:(i + 1) * size]).decode("ascii"),
            ),
            "exact float32",
        )
        for i in range(len(arr))
    ]


def posterior_attrs_rows(
    posterior: np.ndarray, targets: list[int]
) -> list[dict[str, float | int | list[float]]]:
    """`posterior_attrs` of every row of an (N, classes) posterior, computed together
    (rounded to 6 decimals by numpy as one table of every value, in the posterior's dtype:
    the same rounding of the same numbers as value by value, in one call)."""
    n, classes = posterior.shape
    rows = np.arange(n)
    target = np.asarray(targets)
    valid = (target >= 0) & (target < classes)
    exact = np.where(valid, posterior[rows, np.where(valid, target, 0)], 0.0)
    table = np.empty((n, classes + 3), posterior.dtype if posterior.dtype.kind == "f" else None)
    table[:, :classes] = posterior
    table[:, classes] = entropy(posterior)
    table[:, classes + 1] = exact
    table[:, classes + 2] = np.log(np.maximum(exact, 1e-300))
    values = np.round(table, 6).tolist()
    return [
        {
            "posterior": v[:classes],
            "entropy": v[classes],
            "target_prob": v[classes + 1],
            "objective": v[classes + 2],
            "predicted_class": best,
        }
        for v, best in zip(values, np.argmax(posterior, axis=1).tolist(), strict=True)
    ]


def posterior_attrs(posterior: np.ndarray, target: int) -> dict[str, float | int | list[float]]:
    """The verifier's view of one x̂0: posterior, entropy, target confidence, argmax, and the
    objective (log confidence for the target, the scaffolds' selection score) for the scorer."""
    p = [round(float(v), 6) for v in posterior]
    exact = float(posterior[target]) if 0 <= target < len(p) else 0.0
    return {
        "posterior": p,
        "entropy": round(float(entropy(posterior[None])[0]), 6),
        "target_prob": round(exact, 6),
        "objective": round(float(np.log(max(exact, 1e-300))), 6),
        "predicted_class": int(np.argmax(posterior)),
    }
