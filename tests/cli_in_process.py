"""`mesascope ARGS` run through `tui.cli.main` in this process: the same command, its output
and exit code captured, without starting an interpreter and importing the stack each time
(CI time). Tests of what only a real process shows (stderr from libraries' warnings, signals,
a terminal) keep running a subprocess."""

from __future__ import annotations

import contextlib
import io
import json
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


def pooled_free_text_verdict(tmp_path: Path, texts: list[str]) -> str:
    """The pooled verdict of `import reasoning` then `score --implicit --pool --json` on free
    texts, run in process; each step must exit 0."""
    src = tmp_path / "traces.jsonl"
    src.write_text("".join(json.dumps({"id": f"t{i}", "text": t, "task": "prompt"}) + "\n"
                           for i, t in enumerate(texts)))
    out = tmp_path / "out"
    done = mesascope_in_process("import", "reasoning", src, "--out", out)
    assert done.returncode == 0, done.stderr
    done = mesascope_in_process("score", "--implicit", "--pool", "--json",
                                *sorted(out.glob("*.jsonl")))
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout.strip().splitlines()[-1])["verdict"])
