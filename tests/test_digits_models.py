"""The shipped digits DDPM and verifier: loaded from safetensors, sampled with seeded CFG DDIM at
50 steps, and judged by an independent LogisticRegression fitted on the raw digits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

WEIGHTS = Path(__file__).resolve().parent.parent / "scaffold" / "models" / "weights"
DDPM_DIR = WEIGHTS / "digits_ddpm"
CLASSIFIER = WEIGHTS / "digits_classifier.safetensors"
CLASSES = (3, 8)
PER_CLASS = 20


@pytest.fixture(scope="module")
def meta() -> dict:
    return json.loads((DDPM_DIR / "mesascope.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def unet():
    from diffusers import UNet2DModel

    torch.set_num_threads(2)
    return UNet2DModel.from_pretrained(DDPM_DIR, use_safetensors=True).eval()


@pytest.fixture(scope="module")
def judge():
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression

    data = load_digits()
    return LogisticRegression(max_iter=5000).fit(data.data, data.target)


@torch.no_grad()
def sample(unet, meta: dict, labels: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """Seeded classifier-free guided DDIM (eta 0) at 50 steps with the model's default guidance."""
    from diffusers import DDIMScheduler

    sched = DDIMScheduler.from_pretrained(DDPM_DIR)
    sched.set_timesteps(50)
    size, w = int(meta["image_size"]), float(meta["default_guidance"])
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn((len(labels), 1, size, size), generator=gen) * sched.init_noise_sigma
    null = torch.full_like(labels, int(meta["null_class"]))
    for t in sched.timesteps:
        out = unet(torch.cat([x, x]), t, class_labels=torch.cat([labels, null])).sample
        cond, uncond = out.chunk(2)
        x = sched.step(uncond + w * (cond - uncond), t, x).prev_sample
    return x


def raw_digits(images: torch.Tensor) -> np.ndarray:
    """Back to flat 8x8 on the 0..16 scale of `load_digits`."""
    x = F.adaptive_avg_pool2d(images.clamp(-1, 1), 8)
    return ((x + 1.0) * 8.0).reshape(len(x), 64).numpy()


@pytest.fixture(scope="module")
def labels() -> torch.Tensor:
    return torch.tensor(CLASSES).repeat_interleave(PER_CLASS)


@pytest.fixture(scope="module")
def samples(unet, meta, labels) -> torch.Tensor:
    return sample(unet, meta, labels)


def test_config_matches_the_weights(unet, meta) -> None:
    assert meta["num_classes"] == 10 and meta["null_class"] == 10
    assert unet.config.num_class_embeds == 11 and unet.config.class_embed_type is None
    assert meta["image_size"] == unet.config.sample_size
    sched = json.loads((DDPM_DIR / "scheduler_config.json").read_text(encoding="utf-8"))
    assert sched["prediction_type"] == meta["prediction_type"]
    assert (DDPM_DIR / "diffusion_pytorch_model.safetensors").stat().st_size < 8_000_000


def test_ddim_samples_are_the_requested_digits(samples, labels, judge) -> None:
    pred = judge.predict(raw_digits(samples))
    for c in CLASSES:
        acc = float((pred[labels.numpy() == c] == c).mean())
        assert acc >= 0.8, f"class {c}: only {acc:.0%} recognised by the LogisticRegression"


def test_the_check_can_fail_random_weights_and_swapped_labels(
    unet, meta, labels, samples, judge
) -> None:
    """Controls: an untrained UNet of the same shape, and the right samples under wrong labels."""
    from diffusers import UNet2DModel

    torch.manual_seed(0)
    random_unet = UNet2DModel.from_config(unet.config).eval()
    pred = judge.predict(raw_digits(sample(random_unet, meta, labels)))
    assert float((pred == labels.numpy()).mean()) < 0.8
    swapped = torch.where(labels == CLASSES[0], CLASSES[1], CLASSES[0])
    assert float((judge.predict(raw_digits(samples)) == swapped.numpy()).mean()) < 0.2


def test_verifier_loads_from_safetensors_and_agrees(samples, labels) -> None:
    from scaffold.models.digits_classifier import load_digits_classifier

    model = load_digits_classifier(CLASSIFIER)
    with torch.no_grad():
        logits = model(samples)
        up = model(F.interpolate(samples, scale_factor=2, mode="nearest"))
    assert logits.shape == (len(labels), 10)
    torch.testing.assert_close(logits, up)
    assert float((logits.argmax(-1) == labels).float().mean()) >= 0.8


def test_verifier_is_unsure_about_a_blank_image() -> None:
    from scaffold.models.digits_classifier import load_digits_classifier

    model = load_digits_classifier(CLASSIFIER)
    with torch.no_grad():
        p = model(torch.full((1, 1, 8, 8), -1.0)).softmax(-1)
    assert float(p.max()) < 0.9


@pytest.mark.parametrize(
    ("content", "config", "needle"),
    [
        (None, None, "no such classifier weights file"),
        (b"\x00garbage" * 10, None, "not DigitsCNN weights"),
        (b"", '{"arch": "ResNet"}', "unknown classifier arch"),
        (b"", "{not json", "not a classifier config"),
    ],
)
def test_bad_classifier_files_are_one_input_error_naming_the_file(
    tmp_path: Path, content: bytes | None, config: str | None, needle: str
) -> None:
    from scaffold.errors import InputError
    from scaffold.models.digits_classifier import load_digits_classifier

    path = tmp_path / "clf.safetensors"
    if content is not None:
        path.write_bytes(content)
    if config is not None:
        path.with_suffix(".json").write_text(config)
    with pytest.raises(InputError) as err:
        load_digits_classifier(path)
    message = str(err.value)
    named = path.with_suffix(".json") if "config" in needle else path
    assert message.startswith(str(named)) and needle in message and "\n" not in message
