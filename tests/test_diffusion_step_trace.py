"""The traced DDIM step: exactly diffusers' eager `scheduler.step`, one trace per position, and
eager where a trace cannot be trusted (whole transcripts: test_diffusion_speedups.py)."""

from __future__ import annotations

import pytest
import torch

from scaffold.loops.diffusion_step_trace import StepTraces, _Step, _traced, traceable
from scaffold.models.diffusers_backend import load_native_model, make_scheduler, resolve_model_dir


@pytest.fixture(scope="module")
def config():
    return load_native_model(resolve_model_dir(None)).scheduler_config


@pytest.mark.parametrize("steps", [50, 7])
def test_traced_steps_equal_eager_diffusers_exactly(config, steps: int) -> None:
    sched = make_scheduler("ddim", config)
    sched.set_timesteps(steps)
    traces = StepTraces()
    gen = torch.Generator().manual_seed(steps)
    x = torch.randn(3, 1, 8, 8, generator=gen)
    for _ in range(2):  # the first pass traces each position, the second runs the traces
        for position in range(steps):
            eps = torch.randn(3, 1, 8, 8, generator=gen)
            got = traces.step(sched, position, eps, x)
            want = sched.step(eps, sched.timesteps[position], x, eta=0.0)
            assert torch.equal(got[0], want.prev_sample), f"position {position}"
            assert torch.equal(got[1], want.pred_original_sample), f"position {position}"
            x = got[0]
    assert traces.traced_positions == steps, "one trace per position"
    traces.step(sched, 0, torch.randn(5, 1, 8, 8), torch.randn(5, 1, 8, 8))
    assert traces.traced_positions == steps + 1, "a new batch size is a new trace"


def test_a_trace_that_does_not_reproduce_the_eager_values_is_not_used(config) -> None:
    sched = make_scheduler("ddim", config)
    sched.set_timesteps(10)
    step = _Step(sched, sched.timesteps[3])
    args = (torch.randn(2, 1, 8, 8), torch.randn(2, 1, 8, 8))
    right = step(*args)
    assert _traced(step, args, right) is not None
    assert _traced(step, args, (right[0], right[1] + 1e-6)) is None, "not equal: stays eager"


def test_only_ddim_without_noise_is_traced(config) -> None:
    assert traceable(make_scheduler("ddim", config), 0.0)
    assert not traceable(make_scheduler("ddim", config), 0.5), "eta > 0 draws noise"
    assert not traceable(make_scheduler("euler", config), 0.0), "euler keeps a step index"
    assert not traceable(make_scheduler("ddpm", config), 0.0), "ddpm draws noise"
