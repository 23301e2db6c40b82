"""A round's UNet steps computed on their own thread, running ahead of the recording.

The producer thread steps the batch from one position to the next without waiting to be
asked, and hands each step's output over through a queue of one: it is at most two computed
steps ahead of the consumer (one waiting, one held), then blocks. Handing over costs one
queue put per step, cheaper than a wake-up in each direction when the recording thread had
to submit every next step itself (docs/benchmarks.md).

An output is handed over when the next step is about to enter its UNet call (the step calls
`ready()` there), not as soon as it is computed. The recording thread wakes at the hand-over
and runs its Python (payloads, events, JSON) holding the GIL, while the UNet call, one
TorchScript call, runs without it. Handed over earlier, that burst could meet the step's own
Python before the call, and a thread that needs the GIL beside a busy Python thread waits
for it up to the switch interval each time (docs/benchmarks.md measures how much).

The computations and their order are exactly those of stepping inline, on one thread at a
time per batch. `close()` (called when the round's generator is closed, e.g. a run stopped
mid-round) lets the producer finish the step it is on and end. `InlineSteps` is the same
interface without the thread: the reference that `speedups=False` runs.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import torch

from scaffold.loops.diffusion_denoiser import StepOutput

Ready = Callable[[], None]
StepFn = Callable[[torch.Tensor, Ready], StepOutput]
"""`step(x, ready)`: one step from x, which calls `ready()` just before its UNet call (a step
that does not is handed over after it, as if it had at its end)."""
POLL_S = 0.1
"""How often a producer that is ahead checks whether it was closed."""


class StepsAhead:
    """`get()` the outputs of `count` consecutive `step(x)` calls, computed on a thread."""

    def __init__(self, step: StepFn, x: torch.Tensor, count: int) -> None:
        self._step, self._count = step, count
        self._results: queue.Queue[StepOutput | BaseException] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._threads = torch.get_num_threads()
        self._thread = threading.Thread(
            target=self._produce, args=(x,), name="diffusion-unet", daemon=True
        )
        self._thread.start()

    def get(self) -> StepOutput:
        """The next step's output, in order; re-raises what the step raised."""
        item = self._results.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        """Whether the producer thread is still alive (computing, or waiting to hand over)."""
        return self._thread.is_alive()

    def _produce(self, x: torch.Tensor) -> None:
        # torch's intra-op thread count is per thread: compute at the count of the thread that
        # asked, as stepping inline there would (the last bits of a result depend on it).
        torch.set_num_threads(self._threads)
        pending: list[StepOutput] = []

        def ready() -> None:
            if pending and not self._hand_over(pending.pop()):
                raise _Stopped

        try:
            for _ in range(self._count):
                if self._stop.is_set():
                    return
                out = self._step(x, ready)
                ready()  # a step that did not call it
                pending.append(out)
                x = out.prev
            ready()
        except _Stopped:
            return
        except BaseException as err:  # the consumer re-raises it from get()
            if not pending or self._hand_over(pending.pop()):
                self._hand_over(err)

    def _hand_over(self, item: StepOutput | BaseException) -> bool:
        while not self._stop.is_set():
            try:
                self._results.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False


class _Stopped(Exception):
    """Raised in a step's `ready()` when the consumer closed the producer meanwhile: the step
    ends there, before its UNet call."""


class InlineSteps:
    """`StepsAhead` without the thread: each `get()` computes the next step on the caller's."""

    def __init__(self, step: StepFn, x: torch.Tensor, count: int) -> None:
        self._step, self._x, self._left = step, x, count

    def get(self) -> StepOutput:
        if self._left <= 0:
            raise IndexError("no steps left")
        self._left -= 1
        out = self._step(self._x, nothing_to_wait_for)
        self._x = out.prev
        return out

    def close(self) -> None:
        self._left = 0


def nothing_to_wait_for() -> None:
    """The `ready` of a step computed inline: nobody waits for its hand-over."""
