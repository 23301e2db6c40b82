"""A round's UNet steps computed on their own thread, running ahead of the recording.

The producer thread steps the batch from one position to the next without waiting to be
asked, and hands each step's output over through a queue of one: it is at most two steps
ahead of the consumer (one waiting, one computing), then blocks. Handing over costs one
queue put per step, cheaper than a wake-up in each direction when the recording thread had
to submit every next step itself (docs/benchmarks.md).

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

StepFn = Callable[[torch.Tensor], StepOutput]
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
        try:
            for _ in range(self._count):
                if self._stop.is_set():
                    return
                out = self._step(x)
                x = out.prev
                if not self._hand_over(out):
                    return
        except BaseException as err:  # the consumer re-raises it from get()
            self._hand_over(err)

    def _hand_over(self, item: StepOutput | BaseException) -> bool:
        while not self._stop.is_set():
            try:
                self._results.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False


class InlineSteps:
    """`StepsAhead` without the thread: each `get()` computes the next step on the caller's."""

    def __init__(self, step: StepFn, x: torch.Tensor, count: int) -> None:
        self._step, self._x, self._left = step, x, count

    def get(self) -> StepOutput:
        if self._left <= 0:
            raise IndexError("no steps left")
        self._left -= 1
        out = self._step(self._x)
        self._x = out.prev
        return out

    def close(self) -> None:
        self._left = 0
