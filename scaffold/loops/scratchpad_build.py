"""The scratchpad family's run config (task, model, backend and every knob) and its builder."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from scaffold.loops.scratchpad import ScratchpadLoop
from scaffold.loops.scratchpad_context import ScratchpadConfig
from scaffold.models.packed_linear import PackKind
from scaffold.models.transformers_load import LoadProgress
from scaffold.run.config import LoopConfig
from scaffold.transcript.events import HeaderEvent

MAX_TIMEOUT_S = 3600.0
MAX_RETRIES = 10


class ScratchpadRunConfig(ScratchpadConfig, LoopConfig):
    """What `run --loop scratchpad` reads: the loop's knobs plus where its model comes from."""

    task: Literal["game24", "countdown", "prompt"] = Field(
        "game24", description="The objective and its verifier.")
    puzzle: str | None = Field(None, max_length=10_000, description=(
        'The task instance ("4 9 10 13", a countdown instance, or the prompt text).'))
    model: str | None = Field(None, description=(
        "transformers: a .gguf file or a local model dir (default: the embedded SmolLM2); "
        "openai: the server's model name."))
    backend: Literal["transformers", "openai"] = "transformers"
    base_url: str | None = Field(None, description="OpenAI-compatible server URL.")
    weights: PackKind = Field("fp16", description=(
        "How an fp32 model's linear weights are stored: fp16 (fp32 arithmetic), fp32, none."))
    dtype: Literal["float32", "bfloat16", "float16"] = Field(
        "float32", description="The transformers model's dtype (bfloat16 is as fast where the CPU "
        "has native bf16; float32 is the reference).")
    timeout: float = Field(120.0, gt=0, le=MAX_TIMEOUT_S, description=(
        "openai: seconds to wait for one reply before the call is retried or recorded as an "
        "error."))
    retries: int = Field(2, ge=0, le=MAX_RETRIES,
                         description="openai: retries of a refused, timed-out or 5xx call.")

    def loop_config(self) -> ScratchpadConfig:
        """The knobs alone: what the loop records in its header."""
        return ScratchpadConfig.model_validate(
            self.model_dump(include=set(ScratchpadConfig.model_fields)))


def scratchpad_header_settings(header: HeaderEvent) -> dict[str, Any]:
    """The config a scratchpad transcript was recorded with: its knobs, task and instance, and
    the model when the header can name it (the embedded model, or a server's model name; a
    local model's path is not recorded, so `--set model=PATH` gives it)."""
    from scaffold.models.embedded import EMBEDDED_MODEL_ID

    knobs = {k: v for k, v in header.config.items() if k in ScratchpadConfig.model_fields}
    values: dict[str, Any] = {**knobs, "task": header.task.name, "seed": header.seed or 0,
                              "puzzle": header.task.instance or None,
                              "backend": header.model.backend}
    if header.model.backend == "openai" or header.model.id != EMBEDDED_MODEL_ID:
        values["model"] = header.model.id
    return values


def build_scratchpad_loop(
    config: ScratchpadRunConfig, progress: LoadProgress | None = None
) -> ScratchpadLoop:
    """Check the task first (cheap), then load the model (slow; a UI calls this in a worker)."""
    from scaffold.models.load import load_text_model
    from scaffold.tasks.load import load_task

    task = load_task(config.task, config.puzzle, config.seed, config.depth)
    model = load_text_model(
        config.backend, config.model, config.base_url, progress, weights=config.weights,
        dtype=config.dtype, timeout_s=config.timeout, retries=config.retries,
    )
    return ScratchpadLoop(model, task, config.loop_config(), config.seed)


def unloaded_scratchpad_loop(config: ScratchpadRunConfig, header: HeaderEvent) -> ScratchpadLoop:
    """The loop `config` builds, on the header's model identity instead of the loaded model:
    its refusals (a task with no target, a scaffold with no critique) come before the load.
    For checks only: it cannot generate."""
    from scaffold.models.unloaded import UnloadedTextModel
    from scaffold.tasks.load import load_task

    task = load_task(config.task, config.puzzle, config.seed, config.depth)
    return ScratchpadLoop(UnloadedTextModel(header.model), task, config.loop_config(), config.seed)
