"""The public loop API: what a loop of your own, or code you want recorded, imports.

- `SearchLoop` (+ `SearchLoopConfig`): write `initial`, `propose`, `evaluate`; run it with
  `mesascope run --loop path/to/file.py:MyLoop`.
- `Recorder`: record an existing plain `for` loop step by step.
- `LoopConfig`: the base of a loop's typed settings (`--set KEY=VALUE`).
- `build_loop`, `drive`, `LiveSession`: build and drive any loop from Python.
- `Loop`, `StepIds`, `StepEvents`: the protocol a loop written from scratch implements.
See docs/loops.md.
"""

from scaffold.loops.base import Loop, StepEvents, StepIds
from scaffold.loops.search_loop import Evaluator, SearchLoop, SearchLoopConfig
from scaffold.recorder import Recorder
from scaffold.run.config import LoopConfig
from scaffold.run.drive import drive
from scaffold.run.registry import build_loop
from scaffold.run.session import ForkSpec, LiveSession

__all__ = [
    "Evaluator",
    "ForkSpec",
    "LiveSession",
    "Loop",
    "LoopConfig",
    "Recorder",
    "SearchLoop",
    "SearchLoopConfig",
    "StepEvents",
    "StepIds",
    "build_loop",
    "drive",
]
