"""Traces made on two threads at once print no tracer warnings (catch_warnings is process-wide,
so the traces take turns). Without the lock in `frozen_trace`, the first test failed in 3 of 5
runs, and in none of 5 with it."""

from __future__ import annotations

import sys
import threading
import warnings

import torch

from scaffold.loops.jit_trace import frozen_trace


class _Branchy(torch.nn.Module):
    """A forward that branches on values, many times: tracing it warns at each branch."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for _ in range(20):
            x = x * 2 if bool(x.sum() > 0) else x - 1
        return x


def test_traces_on_two_threads_at_once_print_no_tracer_warning() -> None:
    errors: list[BaseException] = []

    def trace_many() -> None:
        try:
            for _ in range(60):
                frozen_trace(_Branchy().eval(), (torch.ones(3),))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often, so their traces overlap
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            threads = [threading.Thread(target=trace_many) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    leaked = [w for w in caught if issubclass(w.category, torch.jit.TracerWarning)]
    assert not leaked, f"{len(leaked)} tracer warnings leaked, e.g. {leaked[0].message}"


def test_a_trace_runs_in_eval_mode_and_gives_the_eager_values() -> None:
    module = _Branchy()
    traced = frozen_trace(module, (torch.ones(3),))
    assert torch.equal(traced(torch.ones(3)), module(torch.ones(3)))
