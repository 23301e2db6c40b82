"""The writer's background fsync: requests coalesce, close waits for the last, errors surface."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from scaffold.simulators.recorder import sim_header
from scaffold.transcript.background_sync import BackgroundSync
from scaffold.transcript.events import NoteEvent
from scaffold.transcript.reader import read_transcript
from scaffold.transcript.writer import TranscriptWriter


def test_close_waits_until_every_request_is_synced(tmp_path: Path) -> None:
    with open(tmp_path / "f", "wb") as f:
        sync = BackgroundSync(f.fileno())
        for _ in range(200):
            f.write(b"x" * 100)
            f.flush()
            sync.request()
        sync.close()
        assert sync.completed == sync.requested == 200
        with pytest.raises(ValueError):
            sync.request()
    # its own thread (writers of other tests may still be closing theirs in the background)
    assert not sync._thread.is_alive()


def test_an_fsync_error_is_raised_at_close(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "g", os.O_WRONLY | os.O_CREAT)
    os.close(fd)  # a closed descriptor: fsync fails with EBADF on the thread
    sync = BackgroundSync(fd)
    sync.request()
    with pytest.raises(OSError):
        sync.close()


def test_writer_syncing_soon_per_step_keeps_every_event(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    with TranscriptWriter(path, sim_header("hill_climb", "vector", 0, 3, 2)) as writer:
        for step in range(300):
            writer.write(NoteEvent(step=step, text=f"note {step}"))
            writer.sync_soon()
    _, events, truncated = read_transcript(path)
    assert not truncated and [e.text for e in events] == [f"note {i}" for i in range(300)]


def test_a_burst_of_requests_is_paced_into_few_fsyncs(tmp_path: Path) -> None:
    with open(tmp_path / "h", "wb") as f:
        sync = BackgroundSync(f.fileno(), min_interval=10.0)
        for _ in range(500):
            f.write(b"y" * 10)
            f.flush()
            sync.request()
        sync.close()  # does not wait out the 10 s interval
        assert sync.completed == sync.requested == 500
        assert sync.fsyncs <= 2


def test_a_lone_request_is_synced_without_close(tmp_path: Path) -> None:
    with open(tmp_path / "i", "wb") as f:
        sync = BackgroundSync(f.fileno(), min_interval=0.01)
        for n in (1, 2, 3):
            sync.request()
            deadline = time.monotonic() + 30.0
            while sync.completed < n and time.monotonic() < deadline:
                time.sleep(0.001)
            assert sync.completed == n
        sync.close()
