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


def test_a_transcripts_close_thread_does_not_keep_the_collector_on() -> None:
    """A job that scores the transcript it has just written has its close thread running."""
    script = ("import gc, threading; from scaffold.gc_pause import gc_paused\n"
              "stop = threading.Event()\n"
              "t = threading.Thread(target=stop.wait, name='transcript-close'); t.start()\n"
              "with gc_paused():\n    assert not gc.isenabled()\n"
              "u = threading.Thread(target=stop.wait, name='worker'); u.start()\n"
              "with gc_paused():\n    assert gc.isenabled()\n"
              "stop.set(); t.join(); u.join()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_collect_young_collects_only_inside_the_pause() -> None:
    """In a fresh process: a reference cycle made inside the pause is freed by
    collect_young(), the collector stays off until the pause ends; outside, it does nothing."""
    script = (
        "import gc, weakref\n"
        "from scaffold.gc_pause import collect_young, gc_paused\n"
        "class C: pass\n"
        "def cycle():\n"
        "    c = C(); c.me = c; return weakref.ref(c)\n"
        "gc.disable(); ref = cycle(); collect_young()\n"
        "assert ref() is not None, 'outside the pause nothing is collected'\n"
        "gc.enable(); gc.collect()\n"
        "with gc_paused():\n"
        "    ref = cycle(); assert ref() is not None\n"
        "    collect_young()\n"
        "    assert ref() is None and not gc.isenabled()\n"
        "assert gc.isenabled()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0, done.stderr
