"""The diffusion loop's batched encoders give exactly what the per-item ones give."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from scaffold.loops.diffusion_record import image_payloads, posterior_attrs, posterior_attrs_rows
from scaffold.transcript.images import ImageData


@pytest.mark.parametrize("channels", [1, 3])
def test_batched_payloads_equal_per_item_encoding_and_decode_exactly(channels: int) -> None:
    batch = torch.randn(5, channels, 8, 8, generator=torch.Generator().manual_seed(channels))
    got = image_payloads(batch)
    for item, (image, note) in zip(batch, got, strict=True):
        arr = item[0].numpy() if channels == 1 else np.moveaxis(item.numpy(), 0, -1)
        assert image == ImageData.from_array(np.ascontiguousarray(arr))
        assert note == "exact float32"
        ImageData.model_validate(image.model_dump())  # the validator finds nothing wrong
        np.testing.assert_array_equal(image.to_array(), arr)


def test_batched_posterior_attrs_equal_row_by_row() -> None:
    rng = np.random.default_rng(0)
    targets = [3, 0, 9, -1, 10, 5, 5, 2]
    for _ in range(200):
        post = rng.dirichlet(np.full(10, 0.3), size=len(targets))
        rows = posterior_attrs_rows(post, targets)
        assert rows == [posterior_attrs(p, t) for p, t in zip(post, targets, strict=True)]


def test_digits_cnn_forward_is_its_layers_applied_in_order() -> None:
    from scaffold.models.digits_classifier import DigitsCNN

    torch.manual_seed(0)
    module = DigitsCNN().eval()
    images = torch.randn(6, 1, 8, 8) * 1.5
    with torch.no_grad():
        expected = module.head(module.features(images.clamp(-1.0, 1.0)))
        torch.testing.assert_close(module(images), expected, rtol=0, atol=0)
        wide = torch.randn(2, 3, 16, 16)
        pooled = torch.nn.functional.adaptive_avg_pool2d(wide.mean(dim=1, keepdim=True), 8)
        torch.testing.assert_close(
            module(wide), module.head(module.features(pooled.clamp(-1, 1))), rtol=0, atol=0
        )


@pytest.mark.parametrize("shape", [(8, 1, 8, 8), (1, 1, 8, 8), (3, 3, 16, 16)])
def test_the_compiled_verifier_gives_exactly_the_eager_posterior(shape: tuple[int, ...]) -> None:
    from scaffold.loops.diffusion_verifier import load_digits_verifier

    verifier = load_digits_verifier()
    images = torch.randn(*shape, generator=torch.Generator().manual_seed(1)) * 1.3
    got = verifier.log_posterior(images)
    assert isinstance(verifier._compiled[shape[1:]], torch.jit.ScriptModule)
    with torch.no_grad():
        np.testing.assert_array_equal(got, verifier._eager(images).numpy())
        # other batch sizes reuse the function compiled for the shape
        more = torch.cat([images, -images])
        np.testing.assert_array_equal(
            verifier.log_posterior(more), verifier._eager(more).numpy()
        )


def test_a_module_other_than_digits_cnn_runs_eagerly() -> None:
    from scaffold.loops.diffusion_verifier import TorchClassifierVerifier

    class ValueBranch(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            flat = x.flatten(1)[:, :10]
            return flat if bool(flat.sum() > 0) else 2 * flat  # a branch on values

    verifier = TorchClassifierVerifier(ValueBranch(), name="branchy")
    ramp = torch.linspace(0.1, 0.9, 64).reshape(1, 1, 8, 8)
    for images in (ramp, -ramp):  # a trace of the first would get the second wrong
        flat = images.flatten(1)[:, :10].double()
        expected = torch.log_softmax(flat if flat.sum() > 0 else 2 * flat, -1).numpy()
        np.testing.assert_array_equal(verifier.log_posterior(images), expected)
    assert verifier._compiled[(1, 8, 8)] is verifier._eager
