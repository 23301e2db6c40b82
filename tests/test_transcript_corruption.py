"""Damaged files: a crash's truncated tail is tolerated; everything else is a one-line error."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.transcript import TranscriptError, TranscriptReader, read_transcript
from tests.conftest import REPO

EXAMPLE = REPO / "transcripts" / "example-hill-climb.jsonl"


def copy_cut(tmp_path: Path, cut: int) -> Path:
    data = EXAMPLE.read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(data[:cut])
    return path


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(0.0, 1.0))
def test_truncation_anywhere_after_the_header_loses_only_the_partial_line(
    tmp_path: Path, fraction: float
) -> None:
    data = EXAMPLE.read_bytes()
    header_end = data.index(b"\n") + 1
    cut = header_end + int(fraction * (len(data) - header_end))
    path = copy_cut(tmp_path, cut)
    header, events, truncated = read_transcript(path)
    kept = data[:cut]
    tail = kept[kept.rindex(b"\n") + 1 :]
    tail_is_whole = bool(tail) and data[cut : cut + 1] == b"\n"
    complete_lines = kept.count(b"\n") - 1 + tail_is_whole
    assert len(events) == complete_lines
    assert truncated == (bool(tail) and not tail_is_whole)
    assert header.loop == "toy"


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**9), st.integers(0, 7))
def test_a_bit_flip_reads_back_or_names_the_line(tmp_path: Path, where: int, bit: int) -> None:
    data = bytearray(EXAMPLE.read_bytes())
    pos = where % len(data)
    data[pos] ^= 1 << bit
    path = tmp_path / "flip.jsonl"
    path.write_bytes(bytes(data))
    try:
        read_transcript(path)
    except TranscriptError as err:
        line = bytes(data[:pos]).count(b"\n") + 1
        assert err.line is not None
        assert abs(err.line - line) <= 1, (err.line, line)
        assert "\n" not in str(err)


def bad_files(tmp_path: Path) -> dict[str, Path]:
    rng = random.Random(0)
    good_header = EXAMPLE.read_bytes().split(b"\n", 1)[0]
    files = {
        "random-bytes": bytes(rng.randrange(256) for _ in range(4096)),
        "empty": b"",
        "wrong-shape": b'[1, 2, 3]\n{"event": "state"}\n',
        "unknown-version": good_header.replace(b'"schema_version":1', b'"schema_version":99')
        + b"\n",
        "truncated-header": good_header[: len(good_header) // 2],
        "huge-line": good_header + b"\n" + b'{"event":"note","step":0,"text":"' + b"a" * 50_000_000,
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.jsonl"
        paths[name].write_bytes(data)
    paths["missing"] = tmp_path / "does-not-exist.jsonl"
    return paths


@pytest.mark.parametrize(
    "name",
    [
        "random-bytes",
        "empty",
        "wrong-shape",
        "unknown-version",
        "truncated-header",
        "huge-line",
        "missing",
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_2(tmp_path: Path, name: str) -> None:
    path = bad_files(tmp_path)[name]
    out = subprocess.run(
        [sys.executable, "-m", "tui", "info", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in out.stderr


def test_huge_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = bad_files(tmp_path)["huge-line"]
    with pytest.raises(TranscriptError, match="longer than 16 MiB") as info:
        TranscriptReader(path).index()
    assert info.value.line == 2


def test_kill_during_recording_loses_at_most_one_step(tmp_path: Path) -> None:
    out = tmp_path / "killed.jsonl"
    code = (
        "import time\n"
        "from scaffold.loops.runner import LoopRunner\n"
        "from scaffold.loops.toy import ToyLoop\n"
        f"r = LoopRunner(ToyLoop(seed=0, steps=10**6), {str(out)!r})\n"
        "while r.step() is not None:\n"
        "    time.sleep(0.002)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 50_000):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with TranscriptReader(out) as reader:
        reader.index(validate=True)
        steps = reader.n_steps
        assert steps >= 10
        full = [reader.step(i) for i in range(steps)]
    # every step but possibly the last is complete: state, candidates, scores, select, metrics
    for view in full[:-1]:
        assert view.state is not None and view.select is not None and view.metrics


def test_an_event_split_over_two_lines_names_its_line(tmp_path: Path) -> None:
    """Comma-joined for batch validation, the halves of a split event read as one event; the
    indexer refused the file and `read_transcript` took it (found with the batched reader)."""
    lines = EXAMPLE.read_bytes().split(b"\n")
    cut = lines[3].index(b",")
    lines[3:4] = [lines[3][:cut], lines[3][cut + 1:]]  # joined by a comma, it is whole again
    path = tmp_path / "split.jsonl"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.line == 4
