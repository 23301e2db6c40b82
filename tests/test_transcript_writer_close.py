"""Closing a transcript does not wait for the disk, yet every line is there and the process
can wait for the last fsync and hear of its failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.simulators.recorder import sim_header
from scaffold.transcript import writer_close
from scaffold.transcript.events import NoteEvent
from scaffold.transcript.reader import read_transcript
from scaffold.transcript.writer import TranscriptWriter


def test_closed_transcript_is_complete_and_its_fsync_finishes(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    writer = TranscriptWriter(path, sim_header("hill_climb", "vector", 0, 3, 2))
    for step in range(50):
        writer.write_all([NoteEvent(step=step, text=f"note {step}")])
        writer.sync_soon()
    file = writer._file
    writer.close()
    writer.close()  # a second close does nothing
    with pytest.raises(ValueError):
        writer.write(NoteEvent(step=99, text="late"))
    _, events, truncated = read_transcript(path)  # every line is there before the fsync ends
    assert not truncated and len(events) == 50
    writer_close.wait_closed()
    assert file.closed


def test_an_fsync_error_at_close_is_raised_by_wait_closed(tmp_path: Path) -> None:
    writer = TranscriptWriter(tmp_path / "e.jsonl", sim_header("hill_climb", "vector", 0, 3, 2))
    writer.write(NoteEvent(step=0, text="x"))
    os.close(writer._file.fileno())  # the descriptor goes away under the writer: EBADF
    writer.close()
    with pytest.raises(OSError):
        writer_close.wait_closed()
    writer_close.wait_closed()  # reported once


def test_a_process_that_exits_waits_for_the_last_fsync_and_reports_its_error(
    tmp_path: Path,
) -> None:
    script = f"""
import os
from pathlib import Path
from scaffold.simulators.recorder import sim_header
from scaffold.transcript.writer import TranscriptWriter
header = sim_header("hill_climb", "vector", 0, 3, 2)
w = TranscriptWriter(Path({str(tmp_path / "x.jsonl")!r}), header)
os.close(w._file.fileno())
w.close()
"""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert "fsync at close failed" in done.stderr and "x.jsonl" in done.stderr
