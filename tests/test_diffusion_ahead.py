"""StepsAhead: the UNet thread's outputs arrive in order, errors reach the consumer, it runs at
most two steps ahead, and closing it ends its thread."""

from __future__ import annotations

import time

import pytest
import torch

from scaffold.loops.diffusion_ahead import InlineSteps, StepsAhead
from scaffold.loops.diffusion_denoiser import StepOutput


class Counting:
    """A step that adds 1 to x, counting its calls (optionally failing at call `fail_at`)."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.calls = 0
        self.fail_at = fail_at

    def __call__(self, x: torch.Tensor) -> StepOutput:
        self.calls += 1
        if self.calls == self.fail_at:
            raise RuntimeError("the UNet failed")
        return StepOutput(
            timestep=float(self.calls), prev=x + 1, x0_hat=x * 0, nfe_per_item=1, sample=x
        )


def wait_until(condition, within_s: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


@pytest.mark.parametrize("count", [1, 2, 7])
def test_outputs_arrive_in_order_as_stepping_inline(count: int) -> None:
    step = Counting()
    ahead = StepsAhead(step, torch.zeros(2), count)
    got = [ahead.get() for _ in range(count)]
    inline = InlineSteps(Counting(), torch.zeros(2), count)
    want = [inline.get() for _ in range(count)]
    assert [o.timestep for o in got] == [o.timestep for o in want]
    assert [float(o.prev[0]) for o in got] == [float(o.prev[0]) for o in want]
    assert [float(o.sample[0]) for o in got] == [float(i) for i in range(count)]
    assert wait_until(lambda: not ahead.running), "the thread ends after its last step"
    assert step.calls == count


def test_a_failing_step_is_raised_to_the_consumer() -> None:
    ahead = StepsAhead(Counting(fail_at=2), torch.zeros(1), 5)
    assert ahead.get().timestep == 1.0
    with pytest.raises(RuntimeError, match="the UNet failed"):
        ahead.get()


def test_it_runs_at_most_two_steps_ahead_and_close_ends_the_thread() -> None:
    step = Counting()
    ahead = StepsAhead(step, torch.zeros(1), 100)
    ahead.get()
    assert wait_until(lambda: step.calls == 3), "one waiting and one computed beyond the taken"
    time.sleep(0.3)
    assert step.calls == 3, "then it waits for the consumer"
    ahead.close()
    assert wait_until(lambda: not ahead.running), "closed: the thread ends"
    assert step.calls == 3
