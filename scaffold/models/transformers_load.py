"""Load a causal LM and its tokenizer from a GGUF file or a local HF dir, never from a hub.

A GGUF file is dequantized once and cached as safetensors (see weights_cache), so later
starts read the cache. Stages are reported through `progress(stage, fraction)`, a plain callable
(no UI here): locating GGUF, hashing GGUF, then either loading cached safetensors and tokenizer
(warm) or tokenizer, dequantising GGUF (first start) and caching safetensors (cold), then ready.
Fractions never go down.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.models import weights_cache

LoadProgress = Callable[[str, float], None]
"""Called with a stage name and the overall fraction done (0..1)."""

_load_lock = threading.Lock()
DEQUANTISING = "dequantising GGUF (first start)"


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    model_id: str
    file_hash: str
    from_cache: bool


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def load_gguf(path: Path, model_id: str, dtype: str, progress: LoadProgress) -> LoadedModel:
    """A GGUF file as a transformers model: from the safetensors cache, else dequantized."""
    _offline()
    progress("locating GGUF", 0.0)
    if not path.is_file():
        raise InputError(f"--model: {path}: no such GGUF file")
    progress("hashing GGUF", 0.02)
    sha = weights_cache.file_sha256(path)
    with _load_lock:
        cached = weights_cache.cached_model_dir(sha)
        if cached is not None:
            progress("loading cached safetensors", 0.1)
            model, tokenizer = _from_dir(cached, dtype, progress, 0.9)
            progress("ready", 1.0)
            return LoadedModel(model, tokenizer, model_id, sha, from_cache=True)
        model, tokenizer = _dequantize(path, progress)
        progress("caching safetensors", 0.85)
        staging = weights_cache.staging_dir(sha)
        try:
            model.save_pretrained(staging)
            tokenizer.save_pretrained(staging)
            weights_cache.publish(staging, sha, {"source": str(path), "model_id": model_id})
        except OSError:
            pass  # a read-only cache costs speed on the next start, not correctness
        progress("ready", 1.0)
        return LoadedModel(_cast(model, dtype), tokenizer, model_id, sha, from_cache=False)


def load_hf_dir(folder: Path, dtype: str, progress: LoadProgress) -> LoadedModel:
    """A local transformers model directory (config.json plus weights)."""
    _offline()
    if not (folder / "config.json").is_file():
        raise InputError(f"--model: {folder}: not a model directory (no config.json)")
    weights = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
    if not weights:
        raise InputError(f"--model: {folder}: no weight files (*.safetensors) found")
    progress("hashing weights", 0.0)
    sha = weights_cache.files_sha256(weights)
    progress("loading weights", 0.3)
    model, tokenizer = _from_dir(folder, dtype, progress, 0.9)
    progress("ready", 1.0)
    return LoadedModel(model, tokenizer, folder.resolve().name, sha, from_cache=False)


def _from_dir(
    folder: Path, dtype: str, progress: LoadProgress, tokenizer_at: float
) -> tuple[Any, Any]:
    """Weights first, then the tokenizer (reported at `tokenizer_at`)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _quiet_transformers()
    try:
        model = AutoModelForCausalLM.from_pretrained(
            folder, local_files_only=True, dtype=getattr(torch, dtype), use_safetensors=True
        )
        progress("tokenizer", tokenizer_at)
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    except (OSError, ValueError) as err:
        raise InputError(f"--model: {folder}: cannot load ({_one_line(err)})") from None
    return model.eval(), tokenizer


def _dequantize(path: Path, progress: LoadProgress) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    _quiet_transformers()
    try:
        progress("tokenizer", 0.05)
        tokenizer = AutoTokenizer.from_pretrained(
            path.parent, gguf_file=path.name, local_files_only=True
        )
        progress(DEQUANTISING, 0.3)
        with _tensor_progress(lambda f: progress(DEQUANTISING, 0.3 + 0.5 * f)):
            model = AutoModelForCausalLM.from_pretrained(
                path.parent, gguf_file=path.name, dtype=torch.float32, local_files_only=True
            )
    except (OSError, ValueError, KeyError, RuntimeError) as err:
        raise InputError(f"--model: {path}: cannot load GGUF ({_one_line(err)})") from None
    # The weights are plain float tensors now; drop the GGUF marker so save_pretrained accepts them.
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    return model.eval(), tokenizer


def _cast(model: Any, dtype: str) -> Any:
    import torch

    return model.to(getattr(torch, dtype))


@contextlib.contextmanager
def _tensor_progress(report: Callable[[float], None]) -> Iterator[None]:
    """Route transformers' per-tensor GGUF progress bar to `report` instead of stderr."""
    from transformers import modeling_gguf_pytorch_utils as gguf_utils

    original = getattr(gguf_utils, "tqdm", None)
    if original is None:
        yield
        return

    def counted(items: Iterable[Any], *_args: Any, **_kwargs: Any) -> Iterator[Any]:
        items = list(items)
        for i, item in enumerate(items):
            if i % 16 == 0:
                report(i / max(len(items), 1))
            yield item
        report(1.0)

    gguf_utils.tqdm = counted
    try:
        yield
    finally:
        gguf_utils.tqdm = original


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:200] or type(err).__name__
