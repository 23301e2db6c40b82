"""DiffusionConfig: every diffusion setting in one validated model, with bounds that keep a typo
from exhausting memory or reaching the scheduler as an internal error; and the engine builder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
from pydantic import ValidationError

from scaffold.errors import InputError
from scaffold.loops.diffusion import DiffusionLoop
from scaffold.loops.diffusion_build import build_diffusion_loop
from scaffold.loops.diffusion_config import MAX_TRACKS, DiffusionConfig
from scaffold.models.diffusers_backend import CLASSIFIER_PATH, EMBEDDED_DIR
from scaffold.models.threads import sampling_threads
from scaffold.run.config import validate_config
from tests.diffusion_tiny import save_tiny_ddpm_pipeline


def test_the_defaults_are_what_a_plain_run_used() -> None:
    config = DiffusionConfig()
    assert (config.scaffold, config.steps, config.n, config.samples, config.seed) == (
        "denoise", 10, 4, 1, 0)
    assert (config.eta, config.rounds, config.perturbation, config.branches) == (0.0, 3, 0.5, 2)
    assert config.guidance is config.scheduler is config.width is config.back is None
    assert config.model is config.prompt is None and config.speedups is True


def test_every_field_says_what_it_is() -> None:
    assert all(field.description for field in DiffusionConfig.model_fields.values())


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"n": 100_000_000}, "--set n: Input should be less than or equal to 256"),
        ({"steps": 1_000_000_000}, "--set steps: Input should be less than or equal to 1000"),
        ({"samples": 0}, "--set samples: Input should be greater than or equal to 1"),
        ({"rounds": 10**6}, "--set rounds: Input should be less than or equal to 100"),
        ({"guidance": float("nan")}, "--set guidance: Input should be a finite number"),
        ({"eta": float("inf")}, "--set eta: Input should be a finite number"),
        ({"scheduler": "pndm"}, "--set scheduler: Input should be 'ddpm', 'ddim' or 'euler'"),
        ({"prompt": "a {digit}"}, "use {c} for the class"),
        ({"unet": "eager"}, "--set unet: not a setting of this loop"),
        ({"scaffold": "paths", "n": 64, "branches": 16, "samples": 2},
         f"{2 * 64 * 16} tracks per round, at most {MAX_TRACKS}"),
        ({"scaffold": "zero-order", "n": 1}, "zero-order needs at least two candidates"),
    ],
)
def test_out_of_bounds_values_are_one_line_input_errors(values: dict, says: str) -> None:
    with pytest.raises(InputError, match=re.escape(says)):
        validate_config(DiffusionConfig, values)


def test_paths_with_one_candidate_but_two_branches_is_a_search() -> None:
    assert DiffusionConfig(scaffold="paths", n=1, branches=2).n == 1


def test_scheduler_names_are_accepted_as_diffusers_spells_them() -> None:
    assert DiffusionConfig(scheduler="DDIMScheduler").scheduler == "ddim"
    assert DiffusionConfig(scheduler="EulerDiscreteScheduler").scheduler == "euler"


def test_strings_from_the_command_line_are_coerced() -> None:
    config = validate_config(DiffusionConfig, {"speedups": "false", "rounds": "2", "eta": "0.5"})
    assert config.speedups is False and config.rounds == 2 and config.eta == 0.5


def test_the_config_is_frozen_and_a_fork_overrides_through_with_params() -> None:
    config = DiffusionConfig(guidance=2.0)
    with pytest.raises(ValidationError):
        config.steps = 3  # type: ignore[misc]
    assert config.with_params({"guidance": 3}).guidance == 3.0  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="fork guidance: Input should be less than"):
        config.with_params({"guidance": 1e9})


def test_sampling_threads_restores_the_thread_count() -> None:
    before = torch.get_num_threads()
    with sampling_threads():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


needs_weights = pytest.mark.skipif(
    not (EMBEDDED_DIR.is_dir() and CLASSIFIER_PATH.is_file()), reason="needs shipped weights"
)


@needs_weights
def test_the_builder_gives_the_native_loop_for_the_shipped_model_and_reports_progress() -> None:
    stages: list[tuple[str, float]] = []
    loop = build_diffusion_loop(DiffusionConfig(steps=3), lambda s, f: stages.append((s, f)))
    assert isinstance(loop, DiffusionLoop)
    assert stages[-1] == ("ready", 1.0)
    assert [f for _, f in stages] == sorted(f for _, f in stages)


@needs_weights
@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_the_builder_gives_a_pipeline_loop_for_a_pipeline_dir(tmp_path: Path) -> None:
    from scaffold.loops.diffusion_pipeline import PipelineDiffusionLoop

    root = save_tiny_ddpm_pipeline(tmp_path / "ddpm")
    loop = build_diffusion_loop(DiffusionConfig(model=str(root), steps=2))
    assert isinstance(loop, PipelineDiffusionLoop)
    with pytest.raises(InputError, match="--steps: 101 is more than the 100 timesteps"):
        build_diffusion_loop(DiffusionConfig(model=str(root), steps=101))
    with pytest.raises(InputError, match="paths needs a native UNet model"):
        build_diffusion_loop(DiffusionConfig(model=str(root), scaffold="paths"))


def test_a_missing_model_dir_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory not found"):
        build_diffusion_loop(DiffusionConfig(model=str(tmp_path / "nope")))


def test_the_runner_holds_the_loops_thread_count_for_the_run_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    import torch

    from scaffold.loops.runner import LoopRunner
    from scaffold.run.registry import build_loop

    before = torch.get_num_threads()
    want = int(os.environ.get("MESASCOPE_SAMPLING_THREADS", "1"))
    runner = LoopRunner(build_loop("diffusion", {"steps": 2}), tmp_path / "t.jsonl")
    assert torch.get_num_threads() == want
    runner.step()
    runner.close()
    assert torch.get_num_threads() == before, "restored when the run ends"
