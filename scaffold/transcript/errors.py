"""The one error type for unreadable transcripts: it names the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import InputError


class TranscriptError(InputError):
    """A transcript that cannot be read. `str()` is a single line fit for a terminal."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = " ".join(problem.split())[:300]
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {self.problem}")
