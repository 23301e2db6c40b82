"""`speedups=False` is the reference: no thread running ahead, an eager UNet and an eager
verifier. Every scaffold records exactly the same transcript with the speedups as without."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.loops import diffusion_native
from scaffold.loops.diffusion import DiffusionConfig, DiffusionLoop
from scaffold.loops.diffusion_unet import unet_call
from scaffold.loops.runner import LoopRunner
from scaffold.models.diffusers_backend import load_native_model
from tests.diffusion_tiny import save_tiny_native_model, strip_wall_times, tiny_verifier


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory):
    return load_native_model(save_tiny_native_model(tmp_path_factory.mktemp("tiny") / "m"))


def record(loop: DiffusionLoop, out: Path) -> list[dict]:
    runner = LoopRunner(loop, out)
    while runner.step() is not None:
        pass
    runner.close()
    return strip_wall_times(out)


@pytest.mark.parametrize(
    ("scaffold", "scheduler"),
    [("denoise", "ddim"), ("best-of-n", "ddpm"), ("paths", "euler"), ("zero-order", "ddim")],
)
def test_transcripts_are_identical_with_and_without_the_speedups(
    tiny, tmp_path: Path, scaffold: str, scheduler: str
) -> None:
    config = DiffusionConfig(scaffold=scaffold, steps=6, n=2, samples=2, scheduler=scheduler,
                             seed=3, rounds=2)
    loop = DiffusionLoop(tiny, tiny_verifier(), config)
    fast = record(loop, tmp_path / "fast.jsonl")
    reference = DiffusionLoop(tiny, tiny_verifier(), config.model_copy(update={"speedups": False}))
    plain = record(reference, tmp_path / "plain.jsonl")
    assert unet_call(tiny.unet).traced_signatures >= 1, "the fast run did use a trace"
    traces = loop.denoiser.step_traces
    assert (traces is not None and traces.traced_positions >= 1) == (scheduler == "ddim")
    assert fast == plain


def test_without_speedups_nothing_is_traced_and_no_thread_runs_ahead(
    tiny, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_thread(*_args: object) -> None:
        raise AssertionError("StepsAhead started without speedups")

    monkeypatch.setattr(diffusion_native, "StepsAhead", no_thread)
    config = DiffusionConfig(scaffold="best-of-n", steps=3, speedups=False)
    loop = DiffusionLoop(tiny, tiny_verifier(), config)
    assert not loop.denoiser.unet_call.trace and loop.denoiser.step_traces is None
    assert not getattr(loop.verifier, "trace", False)
    record(loop, tmp_path / "plain.jsonl")
    assert not getattr(loop.verifier, "_compiled", {}) or all(
        fn is loop.verifier._eager for fn in loop.verifier._compiled.values()  # type: ignore[attr-defined]
    )
