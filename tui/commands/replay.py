"""`mesascope replay PATH`: open a transcript (the header is checked first) and step through it."""

from __future__ import annotations

import sys
from pathlib import Path

from scaffold.transcript.errors import TranscriptError
from scaffold.transcript.events import ErrorEvent
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.steps import StepView


class DamageShownReader(TranscriptReader):
    """A step whose lines fail validation is shown as one fatal `error` event naming the line,
    instead of ending the app with a traceback: the other steps stay readable."""

    def step_by_id(self, step_id: int) -> StepView:
        try:
            return super().step_by_id(step_id)
        except TranscriptError as err:
            damage = ErrorEvent(step=step_id, message=str(err), kind="unreadable", fatal=True)
            return StepView.from_events(step_id, [damage])

    def step(self, i: int) -> StepView:
        return self.step_by_id(self.tree.order[i])


def run_replay(path: Path) -> None:
    """A bad header raises InputError here, before the app starts, so the CLI exits 2.
    A sweep directory opens the run browser (tui/screens/runs.py)."""
    from tui.hangup import require_terminal

    if path.is_dir():
        from tui.screens.runs import browse_sweep

        require_terminal("replay", "`mesascope report` summarises a sweep without one")
        return browse_sweep(path)
    from tui.app import create_app

    app = create_app(reader=DamageShownReader(path))
    require_terminal("replay", "`mesascope info` and `score` read a transcript without one")
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
