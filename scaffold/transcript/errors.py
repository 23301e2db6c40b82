"""The one error type for unreadable transcripts: it names the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import InputError
from scaffold.visible_text import visible


class TranscriptError(InputError):
    """A transcript that cannot be read. `str()` is a single line fit for a terminal.

    The problem often quotes the file (a bad key or tag), so it and the path are made visible
    (`scaffold.visible_text`): no control, bidi or zero-width character survives in the message.
    """

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = " ".join(visible(problem).split())[:300]
        where = f"{visible(self.path)}:{line}" if line is not None else visible(self.path)
        super().__init__(f"{where}: {self.problem}")
