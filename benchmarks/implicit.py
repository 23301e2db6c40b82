"""Speed of implicit search: extract and score 10,000 reasoning traces of ~2 KB.

The traces are 100 transcripts (one game each) of 100 traces, like the Tree of Thoughts
sampling logs; they are written first (not timed), then scored exactly as
`mesascope score --implicit --pool` does. Target: < 10 s.

    python benchmarks/implicit.py [--traces 10000] [--per-file 100]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from scaffold import __version__
from scaffold.implicit.calib_numbers import long_trace, pick_game
from scaffold.implicit.score import score_implicit
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traces", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths, chars = write_traces(Path(tmp), args.traces, args.per_file)
        wall, cpu = time.perf_counter(), time.process_time()
        reports = score_implicit(paths, pooled=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pooled = reports[-1]
    n = len(paths) * args.per_file
    print(f"{n} traces, mean {chars / n:.0f} chars, {len(paths)} transcripts: "
          f"extract + score + pool {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({1000 * cpu / n:.2f} ms CPU per trace); pooled: {pooled.verdict}, "
          f"{pooled.n_decisions} decisions")


if __name__ == "__main__":
    main()
