"""Notice when the terminal has gone away, so the app exits instead of spinning.

When the terminal closes, the kernel hangs up the tty and sends SIGHUP to its session leader.
If that leader is not us and does not pass the signal on (`make demo` under tmux when the
server is killed; any parent that ignores SIGHUP), we never hear of it: Textual's input
thread then reads end-of-file in a loop at 100% CPU, forever. A hung-up tty answers
`tcgetpgrp` with EIO, which is what this checks.
"""

from __future__ import annotations

import os

CHECK_INTERVAL_S = 1.0
HANGUP_EXIT_CODE = 129
"""128 + SIGHUP, what a shell reports for a process that a hang-up ended."""


def terminal_gone(fd: int = 0) -> bool:
    """True when `fd` was a terminal and has been hung up (or closed)."""
    try:
        os.tcgetpgrp(fd)
    except OSError:
        return True
    return False


def watches_terminal(fd: int = 0) -> bool:
    """Whether there is a terminal to watch at all (not in tests, pipes or headless runs)."""
    try:
        return os.isatty(fd)
    except OSError:
        return False


def require_terminal(command: str, instead: str) -> None:
    """Refuse to start the UI when stdin or stdout is not a terminal (a pipe, a file, a cron
    job, `< /dev/null`): Textual would read end-of-file in a loop at 100% CPU and never exit,
    and write escape sequences into the file. `instead` says what works without one."""
    if watches_terminal(0) and watches_terminal(1):
        return
    from scaffold.errors import InputError

    raise InputError(f"{command} shows a terminal UI, but stdin or stdout is not a "
                     f"terminal; {instead}")

