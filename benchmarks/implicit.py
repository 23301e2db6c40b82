"""Speed of implicit search: extract and score 10,000 reasoning traces of ~2 KB.

The traces are 100 transcripts (one game each) of 100 traces, like the Tree of Thoughts
sampling logs; they are written first (not timed), then scored exactly as
`mesascope score --implicit --pool` does (in worker processes when there are several cores).
Target: < 10 s. CPU counts this process and its workers; the load average is printed because
the wall time depends on what else runs on the machine.

A second, smaller measurement writes `--one-per-file` traces (default 2,000; 0 skips it) one
per transcript, which is how `mesascope import reasoning` writes them. Each transcript then pays
the fixed costs of a report, and each trace is a new puzzle for the verifier's cache, so the
CPU per trace is several times higher there.

    python benchmarks/implicit.py [--traces 10000] [--per-file 100] [--workers N]
                                  [--one-per-file 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from scaffold import __version__
from scaffold.implicit.calib_numbers import long_trace, pick_game
from scaffold.implicit.score import score_implicit
from scaffold.scoring.many import workers_for
from scaffold.transcript import HeaderEvent, ModelInfo, StateEvent, TaskInfo, TranscriptWriter


def write_traces(out: Path, traces: int, per_file: int, seed: int = 0) -> tuple[list[Path], int]:
    """Transcripts of `per_file` traces each; returns the paths and the total characters."""
    rng = random.Random(seed)
    paths, chars = [], 0
    for f in range(traces // per_file):
        game = pick_game(rng)
        header = HeaderEvent(tool_version=__version__, loop="imported", scaffold="reasoning",
                             model=ModelInfo(id="generator"),
                             task=TaskInfo(name=game.task, instance=game.instance))
        path = out / f"traces-{f:03d}.jsonl"
        with TranscriptWriter(path, header) as w:
            for i in range(per_file):
                text = long_trace(rng, game=game).text
                chars += len(text)
                w.write(StateEvent(step=i, text=text, final=True))
        paths.append(path)
    return paths, chars


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (the pool's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(out: Path, traces: int, per_file: int, workers: int | None) -> str:
    """Write the traces, score them as `score --implicit --pool` does, and describe the run."""
    paths, chars = write_traces(out, traces, per_file)
    n_workers = workers_for(paths) if workers is None else workers
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), _cpu()
    reports = score_implicit(paths, pooled=True, workers=n_workers)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    pooled = reports[-1]
    n = len(paths) * per_file
    return (f"{n} traces, mean {chars / n:.0f} chars, {len(paths)} transcripts, {n_workers} "
            f"process(es): extract + score + pool {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({1000 * cpu / n:.2f} ms CPU per trace); pooled: {pooled.verdict}, "
            f"{pooled.n_decisions} decisions; load average {load:.2f} before, "
            f"{os.getloadavg()[0]:.2f} after")


def main() -> None:
    from machine import describe  # here, so tests can import write_traces as benchmarks.implicit
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traces", type=int, default=10_000, help="0: skip")
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes (default: as `score --implicit` picks them)")
    parser.add_argument("--one-per-file", type=int, default=2_000,
                        help="also this many traces one per transcript (0: skip)")
    args = parser.parse_args()
    print(describe())
    if args.traces:
        with tempfile.TemporaryDirectory() as tmp:
            print(measure(Path(tmp), args.traces, args.per_file, args.workers))
    if args.one_per_file:
        with tempfile.TemporaryDirectory() as tmp:
            print("one trace per transcript, as `import reasoning` writes them: "
                  + measure(Path(tmp), args.one_per_file, 1, args.workers))


if __name__ == "__main__":
    main()
