"""The TUI exits when its terminal hangs up, even if SIGHUP never reaches it.

A real pseudo-terminal: the app runs on its slave side with SIGHUP ignored (as under a parent
that ignores it and does not pass it on, e.g. `make demo` in a killed tmux), then the master
is closed. Without the hang-up check the process reads end-of-file forever at 100% CPU.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from scaffold.transcript import read_transcript
from tests.tui_transcripts import toy_transcript

DRAWN_WITHIN_S = 60.0
EXIT_WITHIN_S = 20.0


def read_until(fd: int, needle: bytes, within_s: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + within_s
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.parametrize("mode", ["replay", "live"])
def test_the_app_exits_when_its_terminal_hangs_up(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "t.jsonl"
    if mode == "replay":
        args = ["replay", str(toy_transcript(path, steps=10))]
    else:
        args = ["run", "--loop", "toy", "--scaffold", "hill-climb", "--out", str(path)]
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app, with SIGHUP ignored
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, "-m", "tui", *args])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        drawn = read_until(fd, b"step", DRAWN_WITHIN_S)
        assert b"step" in drawn, "the app drew its screen on the terminal"
        os.close(fd)  # the terminal goes away
        deadline = time.monotonic() + EXIT_WITHIN_S
        done = 0
        while done == 0 and time.monotonic() < deadline:
            done, _status = os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        assert done == pid, "the app was still running after its terminal hung up"
        header, _events, truncated = read_transcript(path)
        assert header.loop == "toy" and not truncated, "the transcript was closed cleanly"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
