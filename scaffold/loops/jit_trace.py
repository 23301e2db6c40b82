"""Freezing a module into a TorchScript trace, the way the diffusion loop's traces do it.

The UNet, the scheduler step and the verifier are traced on first use, the first two on the
UNet thread while the recording thread may be tracing the verifier. Tracing warns: a shape
check or a branch becomes a constant (`TracerWarning`; the callers' cache keys account for
it), and torch 2.13 deprecates `torch.jit` (a trace that fails falls back to eager code). The
warnings are silenced with `catch_warnings`, whose filters are process-wide: a block exiting
on one thread would restore them under a trace still running on the other, which then printed
its warnings. So traces are made one at a time, under a lock.
"""

from __future__ import annotations

import threading
import warnings
from typing import Any

import torch

_ONE_AT_A_TIME = threading.Lock()


def frozen_trace(module: torch.nn.Module, args: Any) -> torch.jit.ScriptModule:
    """`module` traced on `args`, in eval mode, and frozen: its parameters become constants."""
    with _ONE_AT_A_TIME, warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        return torch.jit.freeze(torch.jit.trace(module, args, check_trace=False).eval())
