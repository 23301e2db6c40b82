"""`mesascope run`: a loop family's typed config from the flags, then live in the TUI or
--headless. Everything but printing lives in the engine (`scaffold.run`)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.loops.base import Loop
from scaffold.loops.runner import LoopRunner
from scaffold.run.config import LoopConfig
from scaffold.run.drive import drive
from scaffold.run.registry import LoopFamily, loop_family
from scaffold.run.stops import error_line
from scaffold.transcript.steps import StepView
from tui.safe_text import inert

EXIT_ALL_FAILED = 3
"""`run --headless` exit code when errors were recorded and no step ran without one (e.g. a
server that refused every call); the transcript is kept."""
CLEAR_LINE = "\r\x1b[K"
"""Back to the start of the progress line and erase it (our own bytes, never the model's)."""


def parse_settings(items: list[str], flags: Mapping[str, Any]) -> dict[str, str]:
    """`--set KEY=VALUE` items as a dict; a key given twice, or also as a flag, is an error."""
    pairs: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise InputError(f"--set {item}: expected KEY=VALUE")
        if key in pairs or key in flags:
            raise InputError(f"--set {key}: given twice")
        pairs[key] = value
    return pairs


def configure(
    loop: str, flags: Mapping[str, Any], labels: Mapping[str, str], settings: list[str]
) -> tuple[LoopFamily, LoopConfig]:
    """The family and its validated config: flags given, then `--set` pairs."""
    family = loop_family(loop)
    values = {**flags, **parse_settings(settings, flags)}
    return family, family.configure(values, {key: labels[key] for key in flags})


def default_out(family: LoopFamily, config: LoopConfig) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("transcripts") / f"{stamp}-{family.default_name(config)}.jsonl"


def check_new_output(path: Path) -> None:
    """A transcript can be created at `path`, checked before any model is loaded: it does
    not exist, and its nearest existing folder is a writable directory."""
    if path.exists() or path.is_symlink():
        raise InputError(f"{path}: already exists; choose another --out")
    parent = path.parent
    while not parent.exists():
        if parent.is_symlink():
            raise InputError(f"{path}: {parent} is a dangling symlink")
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"{path}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{path}: {parent} is not writable")


def run_headless(loop: Loop, out: Path) -> int:
    """Run the loop to its end with a progress line on stderr; returns the exit code.

    On a terminal the line is redrawn in place; otherwise (logs, CI) a line every 5 seconds.
    Each `error` event is printed as it happens (one inert line), and the closing line counts
    them, so a run against a dead server does not look like success.
    """
    runner = LoopRunner(loop, out)
    live = sys.stderr.isatty()
    t0 = last = time.perf_counter()
    counts = {"steps": 0, "errors": 0, "clean": 0}

    def progress(views: list[StepView]) -> None:
        nonlocal last
        counts["steps"] += 1
        errors = [err for view in views for err in view.errors]
        counts["errors"] += len(errors)
        counts["clean"] += not errors
        for err in errors:
            print(f"{CLEAR_LINE if live else ''}{inert(error_line(err))}", file=sys.stderr)
        now = time.perf_counter()
        done = counts["steps"]
        line = f"step {done}  {done / max(now - t0, 1e-9):.2f} steps/s  -> {out}"
        if live:
            print(f"\r{line}", end="", file=sys.stderr)
        elif now - last >= 5:
            print(line, file=sys.stderr)
            last = now

    try:
        drive(runner, stop_on_error=False, on_steps=progress)
    finally:
        runner.close()
        errors = counts["errors"]
        failed = f", {errors} error{'s' if errors != 1 else ''} recorded" if errors else ""
        print(f"{chr(10) if live else ''}done: {counts['steps']} steps{failed} in "
              f"{time.perf_counter() - t0:.1f} s -> {out}", file=sys.stderr)
    return EXIT_ALL_FAILED if counts["errors"] and not counts["clean"] else 0
