"""Record the example transcripts in transcripts/ from real runs of the loops (never by hand)."""

from __future__ import annotations

from pathlib import Path

from scaffold.loops.runner import LoopRunner
from scaffold.loops.toy import ToyLoop

OUT = Path(__file__).resolve().parent.parent / "transcripts"


def record_toy(scaffold: str, seed: int) -> Path:
    """A toy run to the end, plus one fork from step 10, in one file."""
    path = OUT / f"example-{scaffold}.jsonl"
    path.unlink(missing_ok=True)
    runner = LoopRunner(ToyLoop(scaffold=scaffold, seed=seed, n=6, steps=80), path)
    while runner.step() is not None:
        pass
    runner.fork(10, seed=seed + 100, params={"note": "fork from step 10 with a new seed"})
    for _ in range(20):
        if runner.step() is None:
            break
    runner.close()
    return path


if __name__ == "__main__":
    for name, seed in (("hill-climb", 1), ("random-walk", 1)):
        print(record_toy(name, seed))
