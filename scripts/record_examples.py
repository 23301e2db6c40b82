"""Record the example transcripts in transcripts/ from real runs of the loops (never by hand).

`python scripts/record_examples.py [NAME ...]` records the named examples (default: all):
hill-climb, random-walk (toy loop), tot-game24, scratchpad-game24, compare-game24 (embedded
SmolLM2), diffusion-best-of-n (the shipped digits DDPM and its verifier).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from scaffold.loops.runner import LoopRunner
from scaffold.loops.toy import ToyLoop

OUT = Path(__file__).resolve().parent.parent / "transcripts"
PUZZLE = "4 9 10 13"


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


def record_scratchpad(scaffold: str, steps: int, fork_from: int | None = None) -> Path:
    """A seeded run of a scratchpad scaffold on game24 with the embedded model, to its end, and
    optionally a fork from `fork_from` at a higher temperature, in the same file."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from scaffold.run.registry import build_loop

    path = OUT / f"example-{scaffold}-game24.jsonl"
    path.unlink(missing_ok=True)
    settings = {"scaffold": scaffold, "task": "game24", "puzzle": PUZZLE, "seed": 7,
                "steps": steps}
    runner = LoopRunner(build_loop("scratchpad", settings), path)
    while runner.step() is not None:
        pass
    if fork_from is not None:
        runner.fork(fork_from, seed=8, params={"temperature": 1.0})
        while runner.step() is not None:
            pass
    runner.close()
    return path


def record_compare() -> Path:
    """One plan of the scratchpad with `prompt=compare` on an easy puzzle: the seed was picked
    (of 0-5) as one whose text the extractor reads as judged attempts and a choice; the same
    as `mesascope run` with the flags in transcripts/README.md."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from scaffold.run.registry import build_loop

    path = OUT / "example-compare-game24.jsonl"
    path.unlink(missing_ok=True)
    settings = {"scaffold": "scratchpad", "task": "game24", "puzzle": "2 2 10 10", "seed": 5,
                "steps": 2, "max_new_tokens": 160, "prompt": "compare"}
    runner = LoopRunner(build_loop("scratchpad", settings), path)
    while runner.step() is not None:
        pass
    runner.close()
    return path


def record_diffusion_best_of_n() -> Path:
    """Best-of-n over initial noises for the digit 3: 6 samples, 4 noises each, 12 DDIM steps."""
    from scaffold.run.registry import build_loop

    path = OUT / "example-diffusion-best-of-n.jsonl"
    path.unlink(missing_ok=True)
    settings = {"scaffold": "best-of-n", "digit_class": 3, "n": 4, "samples": 6, "steps": 12,
                "seed": 3}
    runner = LoopRunner(build_loop("diffusion", settings), path)
    while runner.step() is not None:
        pass
    runner.close()
    return path


EXAMPLES: dict[str, Callable[[], Path]] = {
    "hill-climb": lambda: record_toy("hill-climb", 1),
    "random-walk": lambda: record_toy("random-walk", 1),
    "tot-game24": lambda: record_scratchpad("tot", steps=4, fork_from=1),
    "scratchpad-game24": lambda: record_scratchpad("scratchpad", steps=4),
    "compare-game24": record_compare,
    "diffusion-best-of-n": record_diffusion_best_of_n,
}


if __name__ == "__main__":
    names = sys.argv[1:] or list(EXAMPLES)
    unknown = [n for n in names if n not in EXAMPLES]
    if unknown:
        sys.exit(f"unknown example(s) {', '.join(unknown)}; choose from {', '.join(EXAMPLES)}")
    for name in names:
        print(EXAMPLES[name]())
