"""Sweep failures at the edges of Ray: an --address with no cluster behind it is one line and
exit 2 (fast, no DIR left behind), and a worker process that dies fails only the run it was
running; the runs queued behind it on that worker go to its replacement."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from scaffold.sweep.index import load_index
from tests.cli_in_process import mesascope_in_process
from tests.conftest import REPO

pytest.importorskip("ray")

TOY = """loop = "toy"
seeds = 2
[settings]
steps = 5
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(TOY)
    return path


def _no_cluster() -> Any:
    """No Ray instance to find on this machine, whatever other tests run beside this one."""
    return mock.patch.multiple("ray._private.services",
                               find_gcs_addresses=mock.MagicMock(return_value=[]),
                               find_bootstrap_address=mock.MagicMock(return_value=None))


def test_address_auto_without_a_cluster_is_one_line_and_exit_2(
        spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    out = tmp_path / "out"
    with _no_cluster():
        done = mesascope_in_process("sweep", spec, "--out", out, "--address", "auto")
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert "--address auto" in last and "no running Ray cluster" in last, done.stderr
    assert "internal error" not in done.stderr
    assert not out.exists()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("form", ["127.0.0.1:{port}", "ray://127.0.0.1:{port}"])
def test_an_unreachable_address_fails_fast_with_one_line(
        spec: Path, tmp_path: Path, form: str) -> None:
    address = form.format(port=_closed_port())
    out = tmp_path / "out"
    # The old code retried for ever inside ray.init; a bound on the wait is the fix.
    with mock.patch("ray.init", side_effect=AssertionError("ray.init reached")):
        t0 = time.monotonic()
        done = mesascope_in_process("sweep", spec, "--out", out, "--address", address)
    assert time.monotonic() - t0 < 15
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert f"--address {address}" in last and "no Ray cluster answers" in last, done.stderr
    assert not out.exists()


def test_a_malformed_address_is_bad_input(spec: Path, tmp_path: Path) -> None:
    done = mesascope_in_process("sweep", spec, "--out", tmp_path / "out", "--address", "nohost")
    assert done.returncode == 2, done.stderr
    assert "--address nohost: expected auto, HOST:PORT" in done.stderr


DYING = """import os
from tests.sweep_loops import FlakyToy


class DyingToy(FlakyToy):
    \"\"\"FlakyToy whose seed 1 kills its worker process after the first step.\"\"\"

    def start(self, ids):
        for k, events in enumerate(super().start(ids)):
            if self.seed == 1 and k == 1:
                os._exit(3)
            yield events
"""


def test_a_dying_worker_fails_only_the_run_it_was_running(tmp_path: Path) -> None:
    loop = tmp_path / "dying.py"
    loop.write_text(DYING)
    spec = tmp_path / "spec.toml"
    # Two workers, two runs queued on each: seed 3 waits behind seed 1 on the worker that dies.
    spec.write_text(f'loop = "{loop}:DyingToy"\nseeds = 4\n[settings]\nsteps = 6\n'
                    'delay = 0.1\n[resources]\ncpus = 0.5\n')
    out = tmp_path / "out"
    done = mesascope_in_process("sweep", spec, "--out", out, "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "done: 4 runs (1 failed)" in done.stderr, done.stderr
    rows = {r["seed"]: r for r in load_index(out / "index.csv")[1]}
    assert sorted(rows) == ["0", "1", "2", "3"]
    assert rows["1"]["status"] == "failed" and "worker died" in rows["1"]["error"]
    assert [rows[s]["status"] for s in "023"] == ["ok", "ok", "ok"], rows


def _sweep(spec: Path, out: Path, address: str) -> subprocess.CompletedProcess[str]:
    """A process of its own, so a hang in `ray.init` is a timeout, not a stuck test run."""
    return subprocess.run([sys.executable, "-m", "tui", "sweep", str(spec), "--out", str(out),
                           "--address", address], capture_output=True, text=True, cwd=REPO,
                          timeout=60)


@pytest.mark.parametrize("form", ["127.0.0.1:{port}", "ray://127.0.0.1:{port}"])
def test_a_port_that_accepts_but_is_no_ray_head_fails_in_bounded_time(
        spec: Path, tmp_path: Path, form: str) -> None:
    """A listener that takes the connection and says nothing: ray.init retried for minutes."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)  # the kernel completes each handshake; nothing is ever sent back
        address = form.format(port=server.getsockname()[1])
        t0 = time.monotonic()
        done = _sweep(spec, tmp_path / "out", address)
    assert time.monotonic() - t0 < 30
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"mesascope: --address {address}: not a Ray cluster (it takes a connection but says "
        "nothing to a gRPC greeting in 5 s)"), done.stderr
    assert not (tmp_path / "out").exists()


def test_a_port_that_answers_in_another_protocol_is_no_ray_head(
        spec: Path, tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

        replier = threading.Thread(target=answer, daemon=True)
        replier.start()
        address = f"127.0.0.1:{server.getsockname()[1]}"
        done = _sweep(spec, tmp_path / "out", address)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"mesascope: --address {address}: not a Ray cluster (what answers there does not "
        "speak gRPC)"), done.stderr
