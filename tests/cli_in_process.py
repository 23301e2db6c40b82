"""`mesascope ARGS` run through `tui.cli.main` in this process: the same command, its output
and exit code captured, without starting an interpreter and importing the stack each time
(CI time). Tests of what only a real process shows (stderr from libraries' warnings, signals,
a terminal) keep running a subprocess."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from unittest import mock

from tui import cli


def mesascope_in_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Exit code, stdout and stderr of `mesascope ARGS`, as `subprocess.run` would give them."""
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.object(sys, "argv", ["mesascope", *argv]), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())
