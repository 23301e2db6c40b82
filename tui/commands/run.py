"""`mesascope run`: build a loop from flags, then run it live in the TUI or --headless."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scaffold.errors import InputError
from scaffold.loops.base import Loop
from scaffold.loops.runner import LoopRunner
from scaffold.models.transformers_load import LoadProgress
from scaffold.transcript.events import ErrorEvent
from tui.breakpoints import error_line


@dataclass(frozen=True)
class RunOptions:
    """Every `run` flag; each loop family reads the ones it knows."""

    loop: str = "scratchpad"
    scaffold: str | None = None
    task: str = "game24"
    puzzle: str | None = None
    model: str | None = None
    backend: str = "transformers"
    base_url: str | None = None
    seed: int = 0
    steps: int = 10
    samples: int = 1
    n: int = 4
    beam: int = 2
    depth: int = 3
    temperature: float = 0.7
    max_new_tokens: int = 64
    digit_class: int | None = None
    guidance: float | None = None
    scheduler: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def check_settings(opts: RunOptions, known: tuple[str, ...]) -> None:
    """Every `--set KEY=VALUE` must be a setting of this loop family: a typo is an error, not a
    silently ignored knob."""
    for key in opts.extra:
        if key not in known:
            choices = ", ".join(sorted(known)) or "none"
            raise InputError(f"--set {key}: not a setting of --loop {opts.loop} (known: {choices})")


def build_loop(opts: RunOptions, progress: LoadProgress | None = None) -> Loop:
    """Dispatch to the loop family's own builder; `progress` hears the loading stages."""
    report = progress or (lambda _stage, _fraction: None)
    if opts.loop == "scratchpad":
        from tui.commands.run_scratchpad import build_scratchpad_loop

        return build_scratchpad_loop(opts, report)
    if opts.loop == "diffusion":
        from tui.commands.run_diffusion import build_diffusion_loop

        report("loading the diffusion model and its verifier", 0.0)
        loop = build_diffusion_loop(opts)
        report("ready", 1.0)
        return loop
    if opts.loop == "toy":
        from scaffold.loops.toy import ToyLoop

        check_settings(opts, ())
        return ToyLoop(scaffold=opts.scaffold or "hill-climb", seed=opts.seed, n=opts.n)
    raise InputError(f"--loop: unknown loop {opts.loop!r} (choose scratchpad, diffusion or toy)")


def default_out(opts: RunOptions) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    task = "digits" if opts.loop == "diffusion" else opts.task
    return Path("transcripts") / f"{stamp}-{opts.loop}-{task}.jsonl"


CLEAR_LINE = "\r\x1b[K"
"""Back to the start of the progress line and erase it (our own bytes, never the model's)."""


def run_headless(loop: Loop, out: Path) -> int:
    """Run the loop to its end (it bounds itself by its flags) with a progress line on stderr.

    On a terminal the line is redrawn in place; otherwise (logs, CI) a line every 5 seconds.
    Each `error` event the loop records is also printed as it happens (one line, inert), and
    the closing line counts them, so a run against a dead server does not look like success.
    """
    runner = LoopRunner(loop, out)
    live = sys.stderr.isatty()
    t0 = last = time.perf_counter()
    done = errors = 0
    try:
        while (events := runner.step()) is not None:
            done += 1
            for ev in events:
                if isinstance(ev, ErrorEvent):
                    errors += 1
                    print(f"{CLEAR_LINE if live else ''}{error_line(ev)}", file=sys.stderr)
            now = time.perf_counter()
            line = f"step {done}  {done / max(now - t0, 1e-9):.2f} steps/s  -> {out}"
            if live:
                print(f"\r{line}", end="", file=sys.stderr)
            elif now - last >= 5:
                print(line, file=sys.stderr)
                last = now
    finally:
        runner.close()
        end = "\n" if live else ""
        failed = f", {errors} error{'s' if errors != 1 else ''} recorded" if errors else ""
        print(f"{end}done: {done} steps{failed} in {time.perf_counter() - t0:.1f} s -> {out}",
              file=sys.stderr)
    return done
