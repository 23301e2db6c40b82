"""One line naming the machine a benchmark ran on: CPU model, cores, architecture, Python.

The CPU model matters here: the same 2-core box has been an AMD EPYC and an Intel Xeon with
AMX-bf16 on different days, and bf16 speed changes by 4x between them.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def describe() -> str:
    return (f"{cpu_model()}, {os.cpu_count()} cores, {platform.machine()}, "
            f"Python {platform.python_version()}")
