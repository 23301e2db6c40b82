"""The toy loop with two knobs for sweep tests: a delay per step (a sweep slow enough to kill
mid-way) and a seed on which it raises after a few steps (a failure to record as data)."""

from __future__ import annotations

import time
from collections.abc import Iterator

from pydantic import Field

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.toy import ToyConfig, ToyLoop

FAIL_AFTER = 3


class FlakyToyConfig(ToyConfig):
    delay: float = Field(0.0, ge=0, le=10, description="Seconds to sleep after each step.")
    fail_seed: int = Field(-1, description="The seed whose run raises after a few steps.")


class FlakyToy(ToyLoop):
    """`ToyLoop`, slowed by `delay`, raising on `fail_seed`."""

    Config = FlakyToyConfig

    def __init__(self, config: FlakyToyConfig) -> None:
        super().__init__(config.scaffold, config.seed, config.n, config.steps)
        self.delay, self.fail = config.delay, config.seed == config.fail_seed

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        for k, events in enumerate(super().start(ids)):
            if self.fail and k == FAIL_AFTER:
                raise RuntimeError(f"seed {self.seed} <b>fails</b> | on purpose")
            time.sleep(self.delay)
            yield events
