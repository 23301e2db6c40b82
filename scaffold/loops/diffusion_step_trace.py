"""diffusers' DDIM `scheduler.step` at one position, traced into one TorchScript call.

With eta = 0 a DDIM step is a fixed function of (model output, sample) at each position: two
dozen small torch ops (alphas, their square roots, x̂0, the direction to x_t). Run eagerly on
the UNet thread, every one of them hands the GIL back and forth with the recording thread,
which holds it for its Python (attrs, events, JSON): each hand-over can wait for the other
thread's burst, and the UNet thread waits more the more ops it runs. Traced and frozen per
position, the step is one call that releases the GIL once, like the UNet and the verifier
(`diffusion_unet.py`, `diffusion_verifier.py`). The code traced is diffusers' own `step`; a
trace is kept only if it gives exactly the eager values on its first inputs, else that
position runs eagerly. Only `DDIMScheduler` with eta = 0 is traced: it keeps no state between
steps and draws no noise, so one trace per position, shape and dtype holds for every call.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import torch

from scaffold.loops.jit_trace import frozen_trace

StepFn = Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]
Key = tuple[int, int, tuple[int, ...], torch.dtype]


class _Step(torch.nn.Module):
    """(model output, sample) -> (x_{t-1}, x̂0) of `scheduler.step` at timestep `t`."""

    def __init__(self, scheduler: Any, t: torch.Tensor) -> None:
        super().__init__()
        self.scheduler, self.t = scheduler, t

    def forward(
        self, model_output: torch.Tensor, sample: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        prev, x0 = self.scheduler.step(model_output, self.t, sample, eta=0.0, return_dict=False)
        return prev, x0


def traceable(scheduler: Any, eta: float) -> bool:
    """DDIM without noise: stateless between steps, so a per-position trace is exact."""
    from diffusers import DDIMScheduler

    return type(scheduler) is DDIMScheduler and eta == 0.0


class StepTraces:
    """The traced step of each position of one scheduler (config and step count)."""

    def __init__(self) -> None:
        self._fns: dict[Key, StepFn | None] = {}  # None: this position runs eagerly

    def step(
        self, scheduler: Any, position: int, model_output: torch.Tensor, sample: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """`scheduler.step` at `position` (eta = 0), traced after its first, eager call."""
        key = (position, scheduler.num_inference_steps, tuple(sample.shape), sample.dtype)
        if key in self._fns:
            fn = self._fns[key]
            if fn is not None:
                return fn(model_output, sample)
        eager = _Step(scheduler, scheduler.timesteps[position])
        expected = eager(model_output, sample)
        if key not in self._fns:
            self._fns[key] = _traced(eager, (model_output, sample), expected)
        return expected

    @property
    def traced_positions(self) -> int:
        return sum(fn is not None for fn in self._fns.values())


_SHARED: weakref.WeakKeyDictionary[torch.nn.Module, dict[str, StepTraces]] = (
    weakref.WeakKeyDictionary()
)


def step_traces(unet: torch.nn.Module, scheduler_key: str) -> StepTraces:
    """The traces of one model's scheduler (`scheduler_key` names its config), kept for the
    process like the UNet's: every segment, round and loop on this model reuses them."""
    per_model = _SHARED.setdefault(unet, {})
    traces = per_model.get(scheduler_key)
    if traces is None:
        traces = per_model[scheduler_key] = StepTraces()
    return traces


def _traced(
    eager: _Step, args: tuple[torch.Tensor, torch.Tensor],
    expected: tuple[torch.Tensor, torch.Tensor],
) -> StepFn | None:
    """A frozen trace of this position's step if it reproduces `expected` exactly."""
    try:
        module = frozen_trace(eager, args)  # the position's branches become constants
        with torch.no_grad():
            for _ in range(2):  # the profiling executor optimises on the second run
                got = module(*args)
                same = all(torch.equal(a, b) for a, b in zip(got, expected, strict=True))
    except Exception:  # this torch or this scheduler cannot be traced: run it eagerly
        return None
    return module if same else None
