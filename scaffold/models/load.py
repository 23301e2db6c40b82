"""Build a TextModel from the `--backend`, `--model` and `--base-url` flags."""

from __future__ import annotations

import os
from pathlib import Path

from scaffold.errors import InputError
from scaffold.models.text_model import TextModel
from scaffold.models.transformers_load import LoadProgress

os.environ.setdefault("HF_HUB_OFFLINE", "1")

BACKENDS = ("transformers", "openai")
DEFAULT_DTYPE = "float32"
"""Chosen by measurement (benchmarks/llm_candidates.py, docs/benchmarks.md)."""
DEFAULT_WEIGHTS = "fp16"
"""fp32 arithmetic on fp16-stored linear weights: half the bytes streamed per decode step at a
next-token KL from fp32 far below 1e-3 (docs/benchmarks.md)."""


def load_text_model(
    backend: str = "transformers",
    model: str | None = None,
    base_url: str | None = None,
    progress: LoadProgress | None = None,
    *,
    dtype: str = DEFAULT_DTYPE,
    weights: str = DEFAULT_WEIGHTS,
    timeout_s: float = 120.0,
    retries: int = 2,
) -> TextModel:
    """The chat model the flags name. Bad flags or files raise InputError (one line).

    transformers: `model` is None (the embedded SmolLM2 GGUF), a .gguf file or a local HF dir.
    openai: `model` is the server's model name and `base_url` its address.
    `weights`: how an fp32 model's linear weights are packed (fp16, fp32 or none).
    `timeout_s` and `retries`: per call to an OpenAI-compatible server.
    """
    report = progress or _silent
    if backend == "transformers":
        from scaffold.models.packed_linear import PACK_KINDS

        if weights not in PACK_KINDS:
            raise InputError(f"--set weights={weights}: choose one of {', '.join(PACK_KINDS)}")
        return _load_transformers(model, dtype, weights, report)
    if backend == "openai":
        from scaffold.models.openai_backend import OpenAITextModel

        if not base_url:
            raise InputError("--backend openai needs --base-url (e.g. http://127.0.0.1:8080)")
        if not model:
            raise InputError("--backend openai needs --model NAME (the server's model name)")
        report("connecting", 0.0)
        text_model = OpenAITextModel(base_url, model, timeout=timeout_s, retries=retries)
        report("ready", 1.0)
        return text_model
    raise InputError(f"--backend: unknown backend {backend!r} (choose {' or '.join(BACKENDS)})")


def _load_transformers(
    model: str | None, dtype: str, weights: str, report: LoadProgress
) -> TextModel:
    if dtype not in ("float32", "bfloat16", "float16"):
        raise InputError(f"--set dtype: {dtype!r} is not float32, bfloat16 or float16")
    from scaffold.models import transformers_load as tl
    from scaffold.models.embedded import EMBEDDED_MODEL_ID, embedded_gguf_path

    def loader_stage(stage: str, fraction: float) -> None:
        if stage != "ready":  # packing the weights comes after the loader's "ready"
            report(stage, fraction)

    if model is None:
        loaded = tl.load_gguf(embedded_gguf_path(), EMBEDDED_MODEL_ID, dtype, loader_stage)
    else:
        path = Path(model).expanduser()
        if path.is_file() and path.suffix.lower() == ".gguf":
            loaded = tl.load_gguf(path, path.stem, dtype, loader_stage)
        elif path.is_dir():
            loaded = tl.load_hf_dir(path, dtype, loader_stage)
        elif path.exists():
            raise InputError(f"--model: {model}: not a .gguf file or a model directory")
        else:
            raise InputError(f"--model: {model}: no such file or directory")
    from scaffold.models.transformers_backend import TransformersTextModel
    from scaffold.transcript.events import ModelInfo

    info = ModelInfo(id=loaded.model_id, backend="transformers", file_hash=loaded.file_hash)
    report(f"packing weights ({weights})", 0.95)
    text_model = TransformersTextModel(
        loaded.model, loaded.tokenizer, info, pack=weights  # type: ignore[arg-type]
    )
    report("ready", 1.0)
    return text_model


def _silent(_stage: str, _fraction: float) -> None:
    return None
