"""Shared test setup: no model hub is reachable, so never let a library try one."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"

# Hypothesis's per-example deadline is a timing assertion: on a loaded 2-core machine it fails
# tests that are correct. Speed is checked by benchmarks, never by tests.
from hypothesis import settings  # noqa: E402

settings.register_profile("mesascope", deadline=None)
settings.load_profile("mesascope")
