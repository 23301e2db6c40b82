"""`mesascope run` without --headless: the live TUI; the loop is built in a worker."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from scaffold.run.config import LoopConfig
from scaffold.run.registry import LoopFamily


def run_live(family: LoopFamily, config: LoopConfig, out: Path, run_limit: int) -> None:
    """The config is already valid and `out` checked, so the UI starts only on good input."""
    from tui.app import create_app
    from tui.hangup import require_terminal

    require_terminal("run", "use --headless for a run without one")
    app = create_app(
        loop_factory=partial(family.build, config),
        out=out,
        run_limit=run_limit,
        seed=config.seed,
        temperature=getattr(config, "temperature", None),
    )
    app.run()
