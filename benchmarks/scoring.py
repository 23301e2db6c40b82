"""Scoring speed: a 10,000-decision transcript must score in < 2 s (read + score, one process).

The file is written first and its background close (the writer's last fsync, on a thread) is
waited for before the clock starts, as a transcript on disk is when `mesascope score` reads it:
with that thread still running, `gc_paused` leaves the collector on (another thread exists),
and the collections over the simulated run's events cost more than the scoring
(`threads_at_start` says how many threads the timed call saw).

Also times the incremental scorer: the mean cost of `add(step)` and of a live `report()`.
Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path

from scaffold.scoring import IncrementalScorer, score_transcript
from scaffold.scoring.incremental import group_steps
from scaffold.simulators import simulate
from scaffold.transcript import TranscriptWriter, writer_close

DECISIONS = 10_000
BUDGET_S = 2.0


def main() -> None:
    events = simulate("noisy_hill_climb", "vector", 0, decisions=DECISIONS, k=4)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        with TranscriptWriter(path, events[0]) as w:
            for ev in events[1:]:
                w.write(ev)
        writer_close.wait_closed()
        threads = threading.active_count()
        t0, c0 = time.perf_counter(), time.process_time()
        report = score_transcript(path)
        full, cpu = time.perf_counter() - t0, time.process_time() - c0
    views = group_steps(events[1:])
    live = IncrementalScorer()
    t0 = time.perf_counter()
    for v in views[:-1]:
        live.add(v)
    add = (time.perf_counter() - t0) / (len(views) - 1)
    t0 = time.perf_counter()
    live.report()
    first_live = time.perf_counter() - t0
    live.add(views[-1])
    t0 = time.perf_counter()
    live.report()
    cached_live = time.perf_counter() - t0
    print(json.dumps({
        "benchmark": "scoring",
        "decisions": report.n_decisions,
        "events": len(events),
        "score_transcript_s": round(full, 3),
        "score_transcript_cpu_s": round(cpu, 3),
        "load_avg_1m": round(os.getloadavg()[0], 1),
        "threads_at_start": threads,
        "budget_s": BUDGET_S,
        "within_budget": full < BUDGET_S,
        "incremental_add_ms": round(add * 1000, 4),
        "live_report_s": round(first_live, 3),
        "live_report_cached_s": round(cached_live, 4),
        "verdict": report.verdict,
    }))


if __name__ == "__main__":
    main()
