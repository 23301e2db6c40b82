"""`mesascope run` without --headless: the live TUI; the loop is built in a worker."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from scaffold.errors import InputError
from tui.commands.run import RunOptions, build_loop

LOOPS = ("scratchpad", "diffusion", "toy")


def run_live(opts: RunOptions, out: Path, run_limit: int) -> None:
    """Flags that can be checked cheaply are checked before the UI starts (exit 2 on error)."""
    from tui.app import create_app

    if opts.loop not in LOOPS:
        raise InputError(f"--loop: unknown loop {opts.loop!r} (choose {', '.join(LOOPS)})")
    if out.exists():
        raise InputError(f"{out}: already exists; choose another --out")
    app = create_app(
        loop_factory=partial(build_loop, opts),
        out=out,
        run_limit=run_limit,
        seed=opts.seed,
        temperature=opts.temperature,
    )
    app.run()
