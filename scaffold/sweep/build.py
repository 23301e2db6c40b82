"""Builds a sweep's loops in one worker, loading each model once for all its runs.

A scratchpad loop is its task, its knobs and a text model; the model is the slow part (the
embedded SmolLM2 takes seconds to load), and it holds no state between calls, so a worker
keeps one per (backend, model, base_url, weights, dtype, timeout, retries) and builds every
run's loop around it. Other families are built by their own builder.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from scaffold.loops.base import Loop
from scaffold.models.text_model import TextModel
from scaffold.run.registry import LoopFamily, loop_family

ModelKey = tuple[str, str | None, str | None, str, str, float, int]


class CachedBuilder:
    """Loop families and loaded text models, kept for the life of a worker."""

    def __init__(self) -> None:
        self._families: dict[str, LoopFamily] = {}
        self._models: dict[ModelKey, TextModel] = {}
        self.load_s = 0.0
        """Seconds the last `build` spent loading a model (0 when it was cached)."""

    @property
    def models_loaded(self) -> int:
        return len(self._models)

    def family(self, name: str) -> LoopFamily:
        if name not in self._families:
            self._families[name] = loop_family(name)
        return self._families[name]

    def build(self, loop: str, values: Mapping[str, Any]) -> Loop:
        self.load_s = 0.0
        family = self.family(loop)
        config = family.configure(values)
        if loop != "scratchpad":
            return family.build(config, None)
        from scaffold.loops.scratchpad import ScratchpadLoop
        from scaffold.loops.scratchpad_build import ScratchpadRunConfig
        from scaffold.tasks.load import load_task

        assert isinstance(config, ScratchpadRunConfig)
        task = load_task(config.task, config.puzzle, config.seed, config.depth)
        return ScratchpadLoop(self.text_model(config), task, config.loop_config(), config.seed)

    def text_model(self, config: Any) -> TextModel:
        from scaffold.models.load import load_text_model

        key: ModelKey = (config.backend, config.model, config.base_url, config.weights,
                         config.dtype, config.timeout, config.retries)
        if key not in self._models:
            t0 = time.perf_counter()
            self._models[key] = load_text_model(
                config.backend, config.model, config.base_url, None, weights=config.weights,
                dtype=config.dtype, timeout_s=config.timeout, retries=config.retries)
            self.load_s = time.perf_counter() - t0
        return self._models[key]
