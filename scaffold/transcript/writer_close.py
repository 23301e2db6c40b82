"""A closed transcript's last fsync, done on a thread so that closing never waits for the disk.

`TranscriptWriter.close()` has flushed every line to the OS before it hands the file over, so a
killed process already loses nothing; what the thread adds is durability against power loss.
The threads are not daemons: a process that exits normally waits for them, so a finished CLI
run is on disk when the process ends. `wait_closed()` waits for them sooner and raises the
first fsync error; an error nobody waited for is printed to stderr at exit.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from pathlib import Path
from typing import IO

from scaffold.transcript.background_sync import BackgroundSync
from scaffold.visible_text import visible

_lock = threading.Lock()
_pending: set[threading.Thread] = set()
_errors: list[tuple[Path, OSError]] = []


def close_in_background(file: IO[bytes], background: BackgroundSync | None, path: Path) -> None:
    """fsync `file` (through its running `background` syncer, if any), then close it, on a
    thread; returns at once. The caller has flushed the file."""
    thread = threading.Thread(
        target=_finish, args=(file, background, path), name="transcript-close", daemon=False
    )
    with _lock:
        _pending.add(thread)
    thread.start()


def wait_closed() -> None:
    """Wait until every transcript closed in the background is fsynced and closed; raise the
    first fsync error among them (once)."""
    join_pending()
    with _lock:
        errors = list(_errors)
        _errors.clear()
    if errors:
        raise errors[0][1]


def join_pending() -> None:
    """Wait for the close threads running now, leaving their errors to `wait_closed` or the
    exit report: for code that needs this process to have no other thread (before a fork)."""
    with _lock:
        threads = list(_pending)
    for thread in threads:
        thread.join()


def _finish(file: IO[bytes], background: BackgroundSync | None, path: Path) -> None:
    error: OSError | None = None
    try:
        if background is None:
            os.fsync(file.fileno())
        else:
            background.request()
            background.close()
    except OSError as err:
        error = err
    try:
        file.close()
    except OSError as err:
        error = error or err
    with _lock:
        if error is not None:
            _errors.append((path, error))
        _pending.discard(threading.current_thread())


@atexit.register
def _report_at_exit() -> None:
    # atexit handlers run after the interpreter has joined every non-daemon thread.
    with _lock:
        errors = list(_errors)
        _errors.clear()
    for path, err in errors:
        sys.stderr.write(visible(f"mesascope: {path}: fsync at close failed: {err}") + "\n")
