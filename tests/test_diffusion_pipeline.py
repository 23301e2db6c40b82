"""`--model DIR` with diffusers pipeline directories: tiny random DDPMPipeline and
StableDiffusionPipeline built and saved by the test, stepped through the pipeline's own call."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scaffold.errors import InputError
from scaffold.loops.diffusion import DiffusionConfig
from scaffold.loops.diffusion_pipeline import PipelineDiffusionLoop
from scaffold.loops.runner import LoopRunner
from scaffold.models.diffusers_backend import load_pipeline, load_tiny_autoencoder
from scaffold.transcript.reader import TranscriptReader
from tests.diffusion_tiny import save_tiny_ddpm_pipeline, save_tiny_sd_pipeline, tiny_verifier

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pipes")
    return {
        "ddpm": save_tiny_ddpm_pipeline(base / "ddpm"),
        "sd": save_tiny_sd_pipeline(base / "sd"),
        "sd-tiny-vae": save_tiny_sd_pipeline(base / "sd_taesd", tiny_vae=True),
    }


def run(root: Path, out: Path, **kw) -> list:
    pipe = load_pipeline(root)
    loop = PipelineDiffusionLoop(
        pipe, tiny_verifier(), DiffusionConfig(**kw), root, tiny_vae=load_tiny_autoencoder(root)
    )
    runner = LoopRunner(loop, out)
    while runner.step() is not None:
        pass
    runner.close()
    with TranscriptReader(out) as reader:
        reader.index(validate=True)
        return [reader.step(i) for i in range(reader.n_steps)]


def test_ddpm_pipeline_is_stepped_with_xt_and_x0hat_at_every_step(dirs, tmp_path: Path) -> None:
    steps = run(dirs["ddpm"], tmp_path / "d.jsonl", steps=4, samples=2, digit_class=5)
    assert len(steps) == 8
    for view in steps:
        s = view.state
        assert s.image.shape == (8, 8) and s.preview.shape == (8, 8)
        assert len(s.attrs["posterior"]) == 10 and s.attrs["image_space"] == "pixel"
        assert view.metrics[0].nfe == 1
    finals = [v.state for v in steps if v.state.final]
    assert len(finals) == 2 and {f.attrs["target_class"] for f in finals} == {5}


@pytest.mark.parametrize("which", ["sd", "sd-tiny-vae"])
def test_stable_diffusion_previews_are_decoded_x0hat(dirs, tmp_path: Path, which: str) -> None:
    steps = run(dirs[which], tmp_path / "sd.jsonl", steps=3, scaffold="best-of-n", n=2,
                guidance=3.0)
    denoise = [v for v in steps if v.state.attrs["kind"] == "denoise"]
    assert len(denoise) == 6
    for view in denoise:
        assert view.state.image.shape == (8, 8, 4)  # the latent x_t
        assert view.state.attrs["image_space"] == "latent"
        assert view.state.preview.shape[-1] == 3 and view.metrics[0].nfe == 2
    ts = [v.state.attrs["t"] for v in denoise[::2]]
    assert ts == sorted(ts, reverse=True)
    decision = steps[-1]
    assert decision.select is not None and len(decision.candidates) == 2
    assert decision.state.final and {s.kind for s in decision.scores} == {"internal"}
    assert all(np.isfinite(c.image.to_array()).all() for c in decision.candidates)


def test_the_tiny_autoencoder_is_the_one_that_decodes_when_present(dirs) -> None:
    assert load_tiny_autoencoder(dirs["sd"]) is None
    assert type(load_tiny_autoencoder(dirs["sd-tiny-vae"])).__name__ == "AutoencoderTiny"


def test_stopping_mid_run_interrupts_the_pipeline_and_restores_the_scheduler(dirs) -> None:
    from scaffold.loops.base import StepIds

    pipe = load_pipeline(dirs["sd"])
    original = pipe.scheduler.step
    loop = PipelineDiffusionLoop(pipe, tiny_verifier(), DiffusionConfig(steps=6), dirs["sd"])
    gen = loop.start(StepIds())
    next(gen)
    next(gen)
    gen.close()
    assert pipe._interrupt is True
    assert pipe.scheduler.step == original


def test_paths_and_forks_need_a_native_model(dirs) -> None:
    pipe = load_pipeline(dirs["ddpm"])
    with pytest.raises(InputError, match="paths"):
        PipelineDiffusionLoop(pipe, tiny_verifier(), DiffusionConfig(scaffold="paths"),
                              dirs["ddpm"])
    with pytest.raises(InputError, match="latents"):
        PipelineDiffusionLoop(pipe, tiny_verifier(), DiffusionConfig(scaffold="zero-order"),
                              dirs["ddpm"])
