"""`mesascope replay PATH`: open a transcript (the header is checked first) and step through it."""

from __future__ import annotations

from pathlib import Path


def run_replay(path: Path) -> None:
    """A bad file raises InputError here, before the app starts, so the CLI exits 2."""
    if path.is_dir():  # a sweep directory: the run browser (tui/screens/runs.py)
        from tui.screens.runs import browse_sweep

        return browse_sweep(path)
    from tui.app import create_app

    create_app(path).run()
