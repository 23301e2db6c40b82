"""The traced UNet call: exactly the eager values, one trace per input signature, and eager where
a trace cannot be trusted (whole transcripts with and without it: test_diffusion_speedups.py)."""

from __future__ import annotations

import pytest
import torch

from scaffold.loops.diffusion_unet import UNetCall, _Forward, _traced, unet_call
from scaffold.models.diffusers_backend import load_native_model, resolve_model_dir
from tests.diffusion_tiny import save_tiny_native_model


@pytest.fixture(scope="module")
def shipped():
    """The embedded digits DDPM (the UNet the default loop runs)."""
    return load_native_model(resolve_model_dir(None))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory):
    return load_native_model(save_tiny_native_model(tmp_path_factory.mktemp("tiny") / "m"))


@pytest.mark.parametrize("guidance", [None, 2.0])
@pytest.mark.parametrize("t_dtype", [torch.int64, torch.float32])  # ddim/ddpm vs euler
def test_traced_calls_equal_eager_diffusers_exactly(shipped, guidance, t_dtype) -> None:
    call = UNetCall(shipped.unet)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(3, 1, 8, 8, generator=gen)
    labels = torch.tensor([0, 3, 9])
    null = int(shipped.null_class)
    for t in (999, 500, 20, 0):  # the first call traces, the others run the trace
        timestep = torch.tensor(t, dtype=t_dtype)
        got = call(x, timestep, labels, guidance=guidance, null_class=null)
        with torch.no_grad():
            if guidance is None:
                want = shipped.unet(x, timestep, class_labels=labels).sample
            else:
                both = shipped.unet(torch.cat([x, x]), timestep,
                                    class_labels=torch.cat([labels, torch.full_like(labels, null)]))
                cond, uncond = both.sample.chunk(2)
                want = uncond + guidance * (cond - uncond)
        assert torch.equal(got, want), f"t={t}"
    assert call.traced_signatures == 1, "one trace for one signature"
    call(torch.randn(5, 1, 8, 8), torch.tensor(10, dtype=t_dtype), torch.arange(5),
         guidance=guidance, null_class=null)
    assert call.traced_signatures == 2, "a new batch size is a new signature"


def test_a_trace_that_does_not_reproduce_the_eager_values_is_not_used(tiny) -> None:
    forward = _Forward(tiny.unet, 2.0, 10).eval()
    args = (torch.randn(2, 1, 8, 8), torch.tensor(7), torch.tensor([1, 2]))
    with torch.no_grad():
        right = forward(*args)
    assert _traced(forward, args, right) is not None
    assert _traced(forward, args, right + 1e-6) is None, "not exactly equal: stays eager"


def test_only_diffusers_unet2dmodel_is_traced_and_python_timesteps_run_eagerly(tiny) -> None:
    class Other(torch.nn.Module):
        def forward(self, x, t, class_labels=None):  # type: ignore[no-untyped-def]
            raise AssertionError("not called")

    assert not UNetCall(Other()).trace
    call = UNetCall(tiny.unet)
    out = call(torch.randn(2, 1, 8, 8), 7, torch.tensor([1, 2]))
    assert out.shape == (2, 1, 8, 8) and call.traced_signatures == 0
    assert unet_call(tiny.unet) is unet_call(tiny.unet), "one shared call (and its traces) per UNet"
    assert unet_call(tiny.unet, trace=False) is not unet_call(tiny.unet)
