"""gc_paused() is scoped: it pauses the collector only when no other thread runs, and
always leaves it as it found it."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

from scaffold.gc_pause import gc_paused
from tests.conftest import REPO


def test_alone_it_pauses_and_restores() -> None:
    """In a fresh process (the test runner may have threads of its own)."""
    script = ("import gc; from scaffold.gc_pause import gc_paused\n"
              "with gc_paused():\n    assert not gc.isenabled()\nassert gc.isenabled()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_with_another_thread_running_the_collector_stays_on() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with gc_paused():
            assert gc.isenabled(), "another thread may rely on the collector"
    finally:
        stop.set()
        other.join()
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
