"""StepsAhead: the UNet thread's outputs arrive in order, errors reach the consumer, it runs at
most two steps ahead, closing it ends its thread, and each output is handed over when the next
step calls `ready()` (just before its UNet call), not as soon as it is computed."""

from __future__ import annotations

import threading
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

    def __call__(self, x: torch.Tensor, ready) -> StepOutput:  # type: ignore[no-untyped-def]
        ready()  # the part of a step after ready(): its UNet call
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


class Gated(Counting):
    """A step whose part before `ready()` waits for `gate` from its second call on (the Python
    a native step runs before its UNet call)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.readied = 0

    def __call__(self, x: torch.Tensor, ready) -> StepOutput:  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls > 1:
            assert self.gate.wait(5.0)
        ready()
        self.readied += 1
        return StepOutput(
            timestep=float(self.calls), prev=x + 1, x0_hat=x * 0, nfe_per_item=1, sample=x
        )


def test_an_output_is_handed_over_when_the_next_step_is_ready_for_its_unet() -> None:
    step = Gated()
    ahead = StepsAhead(step, torch.zeros(1), 3)
    got: list[StepOutput] = []
    taker = threading.Thread(target=lambda: got.append(ahead.get()))
    taker.start()
    time.sleep(0.3)
    assert step.calls == 2 and not got, "step 1 is computed but held until step 2 is ready"
    step.gate.set()
    taker.join(5.0)
    assert [o.timestep for o in got] == [1.0]
    assert [ahead.get().timestep for _ in range(2)] == [2.0, 3.0], "the last one too"
    assert wait_until(lambda: not ahead.running)


def test_a_step_that_never_calls_ready_still_hands_over_in_order() -> None:
    def plain(x: torch.Tensor, ready) -> StepOutput:  # type: ignore[no-untyped-def]
        return StepOutput(timestep=float(x[0]), prev=x + 1, x0_hat=x, nfe_per_item=1, sample=x)

    ahead = StepsAhead(plain, torch.zeros(1), 4)
    assert [ahead.get().timestep for _ in range(4)] == [0.0, 1.0, 2.0, 3.0]


def test_the_output_before_a_failing_step_arrives_before_its_error() -> None:
    ahead = StepsAhead(Counting(fail_at=3), torch.zeros(1), 5)
    assert [ahead.get().timestep for _ in range(2)] == [1.0, 2.0]
    with pytest.raises(RuntimeError, match="the UNet failed"):
        ahead.get()


def test_closed_while_waiting_to_hand_over_the_next_step_skips_its_unet() -> None:
    step = Gated()
    step.gate.set()
    ahead = StepsAhead(step, torch.zeros(1), 100)
    ahead.get()
    assert wait_until(lambda: step.calls == 4), "two computed beyond the taken, a fourth begun"
    time.sleep(0.2)
    ahead.close()
    assert wait_until(lambda: not ahead.running)
    assert step.readied == 3, "the fourth step stopped in ready(), before its UNet part"
