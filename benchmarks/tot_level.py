"""One ToT level with a frontier of b nodes: their K proposals as one batch vs b calls.

Same run, same model, same seeds: the level's proposal phase (`_propose` in
scaffold/loops/scratchpad_tot.py) through the embedded backend, which decodes all b·K rows
together, against the same backend behind an adapter that offers only `generate` (so the
recorder makes one call per node, as before). Also the whole level: proposals plus each
proposal's self-evaluation (unchanged, one call each). Arms interleave per repeat, each runs
at least `--min-seconds`; ratios are per repeat, reported as median and range. `--json` prints
one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

from machine import describe

os.environ.setdefault("HF_HUB_OFFLINE", "1")

MOVES = ["4 + 9 = 13 (left: 10 13 13)", "10 - 4 = 6 (left: 6 9 13)", "13 - 9 = 4 (left: 4 4 10)",
         "9 + 10 = 19 (left: 4 13 19)", "4 * 9 = 36 (left: 10 13 36)"]


class OneCallPerNode:
    """The embedded model with only the TextModel methods: no `generate_many`."""

    def __init__(self, model: Any) -> None:
        self.model, self.info = model, model.info

    @property
    def prefills(self) -> bool:
        return bool(self.model.prefills)

    @property
    def numerics(self) -> str | None:
        return str(self.model.numerics)

    def generate(self, messages: Any, params: Any) -> Any:
        return self.model.generate(messages, params)


def level(ctx: Any, frontier: list[Any], seed: int, score: bool) -> list[str]:
    from scaffold.loops.scratchpad_step import StepRecorder, derive_seed
    from scaffold.loops.scratchpad_tot import _propose, _score

    rec = StepRecorder(1, ctx.model)
    proposals = _propose(ctx, rec, frontier, 1, seed)
    if score:
        for i, p in enumerate(proposals):
            _score(ctx, rec, p, {}, derive_seed(seed, 1, "value", i))
    return [p.candidate.text for p in proposals]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from scaffold.loops.prompts import prompts_for
    from scaffold.loops.scratchpad_context import LoopContext, ScratchpadConfig
    from scaffold.loops.scratchpad_tot import FrontierItem
    from scaffold.models.load import load_text_model
    from scaffold.tasks.load import load_task

    torch.set_num_threads(args.threads)
    os.environ["MESASCOPE_SAMPLING_THREADS"] = str(args.threads)
    model: Any = load_text_model()
    task = load_task("game24", "4 9 10 13")
    config = ScratchpadConfig(scaffold="tot", n=args.n)
    prompts = prompts_for(task, prefill=model.prefills)
    contexts = {"batched": LoopContext(model, task, prompts, config),
                "sequential": LoopContext(OneCallPerNode(model), task, prompts, config)}
    root = task.root()
    result: dict[str, Any] = {"k": args.n, "threads": args.threads,
                              "propose_max_tokens": config.propose_max_tokens}
    for b in args.beams:
        frontier = [FrontierItem(f"0.{i}", task.expand(root, MOVES[i]).node) for i in range(b)]
        assert all(f.node is not None for f in frontier)
        for phase, score in (("propose", False), ("level", True)):
            rates: dict[str, list[float]] = {"batched": [], "sequential": []}
            texts: dict[str, list[str]] = {}
            for _ in range(args.repeats):
                for arm, ctx in contexts.items():
                    count, t0 = 0, time.perf_counter()
                    while count == 0 or time.perf_counter() - t0 < args.min_seconds:
                        made = level(ctx, frontier, count, score)
                        texts.setdefault(arm, made)  # seed 0's proposals, compared below
                        count += 1
                    rates[arm].append(count / (time.perf_counter() - t0))
            ratios = [a / s for a, s in zip(rates["batched"], rates["sequential"], strict=True)]
            key = f"b{b}_{phase}"
            result[f"{key}_levels_s"] = {arm: [round(r, 3) for r in v] for arm, v in rates.items()}
            result[f"{key}_speedup"] = round(statistics.median(ratios), 3)
            result[f"{key}_speedup_range"] = [round(min(ratios), 3), round(max(ratios), 3)]
            result[f"{key}_same_texts"] = texts["batched"] == texts["sequential"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--n", type=int, default=4, help="K proposals per node")
    parser.add_argument("--beams", type=lambda s: [int(x) for x in s.split(",")], default=[2, 5])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=3.0)
    args = parser.parse_args()
    result = measure(args)
    result.update({"load_avg_1m": os.getloadavg()[0], "machine": describe(),
                   "date": time.strftime("%Y-%m-%d")})
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:28s} {value}")


if __name__ == "__main__":
    main()
