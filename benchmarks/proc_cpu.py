"""CPU seconds of this process and every process it started, grouped by role, from /proc.

A Ray sweep spreads its work over the driver, Ray's daemons (gcs_server, raylet, the log
monitor, the dashboard agent) and the worker actors; the benchmark reports where the CPU went
between two snapshots, so a slow arm says whether the runs or the machinery cost the time.
Beside CPU, each process's main thread's run-queue wait (`/proc/PID/schedstat`: time it was
ready but another process had the core): on a shared box it says how much of an arm's wall
time went to other jobs. Linux only (elsewhere the snapshots are empty).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Proc:
    ppid: int
    name: str
    cmdline: str
    cpu_s: float
    wait_s: float
    """Run-queue wait of the main thread (where a worker runs its jobs)."""


Snapshot = dict[int, Proc]


def _read(pid: int) -> Proc | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace")
        sched = Path(f"/proc/{pid}/schedstat").read_text().split()
    except OSError:
        return None
    end = stat.rfind(")")
    fields = stat[end + 2:].split()
    return Proc(int(fields[1]), stat[stat.find("(") + 1:end], cmd,
                (int(fields[11]) + int(fields[12])) / TICKS, int(sched[1]) / 1e9)


def snapshot(root: int | None = None) -> Snapshot:
    """`root` (default: this process) and all its descendants."""
    root = os.getpid() if root is None else root
    procs: Snapshot = {}
    if not Path("/proc").is_dir():
        return procs
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (proc := _read(int(entry))) is not None:
            procs[int(entry)] = proc
    children: dict[int, list[int]] = {}
    for pid, proc in procs.items():
        children.setdefault(proc.ppid, []).append(pid)
    mine: Snapshot = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in procs:
            mine[pid] = procs[pid]
        stack.extend(children.get(pid, []))
    return mine


def role(pid: int, proc: Proc, root: int) -> str:
    """driver, workers (the sweep's actors), gcs_server, raylet, idle workers or another of
    Ray's daemons by its script name."""
    text = f"{proc.name} {proc.cmdline}"
    if pid == root:
        return "driver"
    if "SweepWorker" in text:
        return "workers"
    for daemon in ("gcs_server", "raylet", "log_monitor", "dashboard", "monitor.py",
                   "runtime_env"):
        if daemon in text:
            return daemon.removesuffix(".py")
    if "default_worker" in text or proc.name.startswith("ray::"):
        return "idle workers"
    return proc.name


def cpu_by_role(before: Snapshot, after: Snapshot, root: int | None = None,
                *, wait: bool = False) -> dict[str, float]:
    """CPU seconds (with `wait`: main threads' run-queue wait) between the snapshots, summed
    per role; processes that ended in between are missed (their time is gone from /proc)."""
    root = os.getpid() if root is None else root
    spent: dict[str, float] = {}
    for pid, proc in after.items():
        old = before.get(pid)
        now, then = ((proc.wait_s, old.wait_s if old else 0.0) if wait
                     else (proc.cpu_s, old.cpu_s if old else 0.0))
        key = role(pid, proc, root)
        spent[key] = spent.get(key, 0.0) + now - then
    return dict(sorted(spent.items(), key=lambda kv: -kv[1]))
