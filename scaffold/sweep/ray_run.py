"""Runs a sweep's jobs on Ray: a pool of worker actors, each building its model once.

Without an address the command starts a local Ray instance and stops it at the end; with
`auto` or `ray://HOST:PORT` it joins a cluster. Each worker is an actor holding a
`CachedBuilder`; the driver keeps two jobs queued per worker and appends each finished run's
row to the index as it arrives, so a killed driver loses at most the runs in flight. A worker
that dies fails the run it was running; the runs queued behind it go to its replacement.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import socket
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.run.stops import one_line
from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.expand import Job
from scaffold.sweep.index import IndexWriter, Row
from scaffold.sweep.job import ERROR_WIDTH, run_job, transcript_path, warm_imports
from scaffold.sweep.plan import SweepPlan

QUEUED_PER_WORKER = 2
"""Jobs sent ahead to each actor, so it never waits on the driver between runs."""
POLL_S = 0.5


@dataclass
class SweepProgress:
    """Counts for the progress line; `eta_s` from the mean time per finished run."""

    total: int
    skipped: int
    done: int = 0
    failed: int = 0
    running: int = 0
    elapsed_s: float = 0.0

    @property
    def eta_s(self) -> float | None:
        left = self.total - self.skipped - self.done
        if not self.done:
            return None
        return self.elapsed_s / self.done * left


ProgressCallback = Callable[[SweepProgress], None]


class SweepWorker:
    """One Ray actor: runs jobs one after another with one model cache. With `sync` the
    transcript is written to the worker's own disk and sent back to the driver."""

    def __init__(self, out: str, score: bool, sync: bool) -> None:
        self.sync = sync
        self.out = Path(tempfile.mkdtemp(prefix="mesascope-sweep-")) if sync else Path(out)
        self.score = score
        self.builder = CachedBuilder()

    def run(self, job: Job) -> tuple[Row, bytes | None]:
        row = run_job(job, self.out, self.builder, score=self.score)
        if not self.sync:
            return row, None
        path = transcript_path(self.out, job.run_id)
        data = path.read_bytes() if path.exists() else None
        path.unlink(missing_ok=True)
        return row, data

    def warm(self, job: Job) -> int:
        """Build `job`'s loop without running it: its model loaded, and the imports of a run
        (scoring's included) done."""
        warm_imports(self.score)
        self.builder.build(job.loop, job.values)
        return os.getpid()

    def close(self) -> None:
        if self.sync:
            shutil.rmtree(self.out, ignore_errors=True)


def _make_importable() -> None:
    """Local workers inherit the driver's environment: put this package's root on their
    path, so they run the same code as the driver (also from a source checkout)."""
    import scaffold

    root = str(Path(scaffold.__file__).resolve().parent.parent)
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if root not in parts:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *parts])


CONNECT_TIMEOUT_S = 5.0
"""How long `--address` gets to take a TCP connection, and then to answer a gRPC greeting,
before `ray.init` (which would otherwise retry an unreachable address for ever)."""
HTTP2_GREETING = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0])
"""The HTTP/2 client preface and an empty SETTINGS frame. A Ray head's GCS and its Ray Client
server (`ray://`) are gRPC servers, which answer it with a SETTINGS frame (RFC 9113, 3.4)."""
SETTINGS_FRAME = 4


def start_ray(address: str | None, workers: int, cpus: float) -> None:
    try:
        import ray
    except ImportError:
        raise InputError("sweep runs on Ray, which is not installed: "
                         "pip install 'mesascope[sweep]'") from None
    _make_importable()
    quiet: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False,
                             "configure_logging": False}
    if address:
        check_address(address)
        try:
            ray.init(address=address, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise InputError(f"--address {address}: {one_line(str(err), ERROR_WIDTH)}") from None
        return
    need = math.ceil(workers * cpus)
    # Ray starts workers at niceness 15 (behind the driver); here they are the work itself.
    os.environ.setdefault("RAY_worker_niceness", "0")
    # "local": always a new instance, even where `ray start` left a cluster to join.
    ray.init(address="local", num_cpus=max(os.cpu_count() or 1, need), include_dashboard=False,
             **quiet)


def check_address(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Fail fast, with one line, where no Ray cluster answers at `address`: `auto` with no
    cluster found, or a host:port (`ray://` included) that takes no TCP connection in `timeout`
    or does not answer a gRPC greeting in `timeout` more."""
    target = address.removeprefix("ray://")
    if address == "auto":
        try:
            from ray._private.services import canonicalize_bootstrap_address

            found = canonicalize_bootstrap_address("auto")
        except ConnectionError:
            found = None
        except Exception as err:
            raise InputError(f"--address auto: {one_line(str(err), ERROR_WIDTH)}") from None
        if not found:
            raise InputError("--address auto: no running Ray cluster found on this machine "
                             "(start one with `ray start --head`, set RAY_ADDRESS, or leave "
                             "out --address for a local instance)")
        target = found
    host, sep, port = target.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit():
        raise InputError(f"--address {address}: expected auto, HOST:PORT or ray://HOST:PORT")
    where = address if target == address.removeprefix("ray://") else f"{address} ({target})"
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            answer = _greet(sock, timeout)
    except (OSError, ValueError) as err:
        raise InputError(f"--address {where}: no Ray cluster answers there "
                         f"({err or type(err).__name__})") from None
    if answer is None:
        raise InputError(f"--address {where}: not a Ray cluster (it takes a connection but says "
                         f"nothing to a gRPC greeting in {timeout:g} s)")
    if len(answer) < 9 or answer[3] != SETTINGS_FRAME:
        raise InputError(f"--address {where}: not a Ray cluster (what answers there does not "
                         "speak gRPC)")


def _greet(sock: socket.socket, timeout: float) -> bytes | None:
    """The first 9 bytes (a frame header) sent back to `HTTP2_GREETING` in `timeout`, fewer
    where the peer closes; None where it stays silent."""
    deadline = time.monotonic() + timeout
    sock.sendall(HTTP2_GREETING)
    answer = b""
    while len(answer) < 9:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            chunk = sock.recv(9 - len(answer))
        except TimeoutError:
            return None
        if not chunk:
            break
        answer += chunk
    return answer


def default_workers(cpus: float) -> int:
    """As many workers as the cluster's CPUs hold at `cpus` each."""
    import ray

    total = float(ray.cluster_resources().get("CPU", 1))
    return max(1, int(total // cpus))


def run_on_ray(
    plan: SweepPlan,
    *,
    workers: int,
    sync: bool = False,
    warm_up: bool = False,
    on_progress: ProgressCallback | None = None,
    on_start: Callable[[], None] | None = None,
) -> SweepProgress:
    """Run `plan.todo` on the Ray instance already started; returns the final counts.
    `warm_up` has every worker build the first run's loop (its model) before the clock
    starts, so `elapsed_s` measures the runs alone (the benchmark's comparison); `on_start`
    is called as the clock starts."""
    import ray
    from ray.exceptions import RayActorError, RayError

    resources = plan.spec.resources
    options: dict[str, Any] = {"num_cpus": resources.cpus, "max_restarts": 0}
    if resources.memory_mb:
        options["memory"] = resources.memory_mb * 2**20
    actor_class = ray.remote(SweepWorker)
    score = plan.spec.score == "full"
    progress = SweepProgress(total=len(plan.jobs), skipped=len(plan.jobs) - len(plan.todo))
    pending: deque[Job] = deque(plan.todo)
    # ref -> (actor, job, order sent): an actor runs its jobs in the order sent.
    inflight: dict[Any, tuple[Any, Job, int]] = {}
    sent = 0
    index = IndexWriter(plan.index_path, plan.header, plan.keep)

    def new_actor() -> Any:
        return actor_class.options(**options).remote(str(plan.out), score, sync)

    def submit(actor: Any) -> None:
        nonlocal sent
        if pending:
            job = pending.popleft()
            inflight[actor.run.remote(job)] = (actor, job, sent)
            sent += 1

    def record(job: Job, row: Row, data: bytes | None) -> None:
        if data is not None:
            _write_transcript(plan.out, job.run_id, data)
        index.append(row)
        progress.done += 1
        progress.failed += row.get("status") == "failed"

    def bury(actor: Any, ref: Any, job: Job, order: int) -> None:
        """`actor` died: its first unfinished job (the one it was running) fails; those
        queued behind it go back to the front of the queue, for its replacement."""
        mine = sorted([(order, ref, job)] + [(o, r, j) for r, (a, j, o) in inflight.items()
                                             if a is actor], key=lambda e: e[0])
        for _, r, _ in mine:
            inflight.pop(r, None)  # `ref`, popped already, may be any of them
        # All of a dead actor's refs resolve at once: results it finished before dying, or
        # its death.
        ray.wait([r for _, r, _ in mine], num_returns=len(mine), timeout=30)
        died = False
        requeue: list[Job] = []
        for _, r, j in mine:
            try:
                row, data = ray.get(r, timeout=0)
            except RayActorError as err:
                if died:
                    requeue.append(j)
                    continue
                died = True
                row, data = _failed(j, f"worker died: {err}"), None
            except RayError as err:
                row, data = _failed(j, f"{type(err).__name__}: {err}"), None
            record(j, row, data)
        pending.extendleft(reversed(requeue))
        fresh = new_actor()
        actors[actors.index(actor)] = fresh
        for _ in range(QUEUED_PER_WORKER):
            submit(fresh)

    try:
        actors = [new_actor() for _ in range(min(workers, len(pending)))]
        if warm_up and pending:
            ray.get([actor.warm.remote(pending[0]) for actor in actors])
        if on_start is not None:
            on_start()
        t0 = time.perf_counter()
        for _ in range(QUEUED_PER_WORKER):
            for actor in actors:
                submit(actor)
        while inflight:
            ready, _ = ray.wait(list(inflight), num_returns=1, timeout=POLL_S)
            for ref in ready:
                if ref not in inflight:  # settled with its dead actor
                    continue
                actor, job, order = inflight.pop(ref)
                try:
                    row, data = ray.get(ref)
                except RayActorError:
                    bury(actor, ref, job, order)
                    continue
                except RayError as err:
                    row, data = _failed(job, f"{type(err).__name__}: {err}"), None
                submit(actor)  # before the disk work below, so the actor's queue stays fed
                record(job, row, data)
            progress.running = min(len(inflight), len(actors))
            progress.elapsed_s = time.perf_counter() - t0
            if on_progress is not None:
                on_progress(progress)
    finally:
        index.close()
    return progress


def _failed(job: Job, message: str) -> Row:
    return {"run": job.run_id, **job.columns, "status": "failed",
            "error": one_line(message, ERROR_WIDTH)}


def _write_transcript(out: Path, run: str, data: bytes) -> None:
    final = transcript_path(out, run)
    final.parent.mkdir(parents=True, exist_ok=True)
    part = final.with_name(final.name + ".part")
    part.write_bytes(data)
    os.replace(part, final)


def stop_ray() -> None:
    import ray

    ray.shutdown()
