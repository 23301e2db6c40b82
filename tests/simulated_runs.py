"""Simulated transcripts on disk and the installed `mesascope score`, for the CLI tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scaffold.simulators import simulate
from scaffold.transcript import TranscriptWriter

MESASCOPE = Path(sys.executable).parent / "mesascope"


def write_simulated(path: Path, process: str, seed: int, decisions: int = 30) -> Path:
    """A transcript of `decisions` decisions by the simulated `process`, written to `path`."""
    events = simulate(process, "string", seed, decisions=decisions)
    with TranscriptWriter(path, events[0]) as w:
        for ev in events[1:]:
            w.write(ev)
    return path


def run_score(*args: str) -> subprocess.CompletedProcess[str]:
    """`mesascope score ARGS` in a subprocess, its output captured as text."""
    return subprocess.run([str(MESASCOPE), "score", *args], capture_output=True, text=True,
                          timeout=120)
