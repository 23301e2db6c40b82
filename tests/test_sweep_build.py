"""A sweep worker builds every run's loop around one loaded model per model setting, and a
built loop records the same header as `run` would for the same settings."""

from __future__ import annotations

from typing import Any

from scaffold.run.registry import build_loop
from scaffold.sweep.build import CachedBuilder

SERVER = {"backend": "openai", "base_url": "http://127.0.0.1:9", "model": "smollm2",
          "task": "game24"}


def test_runs_that_share_a_model_setting_share_one_loaded_model() -> None:
    builder = CachedBuilder()
    first: Any = builder.build("scratchpad", {**SERVER, "puzzle": "4 9 10 13", "seed": 0})
    second: Any = builder.build("scratchpad", {**SERVER, "puzzle": "1 1 4 6", "seed": 1,
                                               "scaffold": "best-of-n"})
    assert second.model is first.model and builder.models_loaded == 1
    assert builder.load_s == 0.0
    other: Any = builder.build("scratchpad", {**SERVER, "puzzle": "1 1 4 6", "timeout": 5})
    assert other.model is not first.model and builder.models_loaded == 2


def test_a_cached_build_records_what_build_loop_records() -> None:
    values = {**SERVER, "puzzle": "4 9 10 13", "seed": 3, "n": 2, "depth": 2}
    cached = CachedBuilder().build("scratchpad", values).header.model_dump()
    direct = build_loop("scratchpad", values).header.model_dump()
    cached.pop("created"), direct.pop("created")
    assert cached == direct
