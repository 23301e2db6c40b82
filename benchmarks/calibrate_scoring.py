"""Known-answer calibration of the search scorer: per-process verdict rates, ū, p, β̂, power.

Usage: python benchmarks/calibrate_scoring.py [--runs N] [--decisions T] [--k K] [--trees]
Prints a markdown table and one JSON summary line (AUC, worst null rate, search power).
`--trees` runs the schema-2 tree searches (UCT, depth-first and their decorative twins) instead,
and the tree-shape check without scores: chain-like nulls and the stripped tree searches.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from datetime import date

import numpy as np
from machine import describe

from scaffold.scoring.scorer import score_events
from scaffold.simulators import CHAIN_LIKE, PROCESSES, TREE_PROCESSES, simulate
from scaffold.simulators.suite import auc, detection_rate, run_suite, search_rate
from scaffold.simulators.trees import strip_scores


def shape_table(seeds: range, decisions: int, k: int) -> None:
    """Verdicts without scores: chain-like nulls must stay `undetermined`, trees must not."""
    print("\n| process (no scores) | runs | exploration-without-scores | undetermined | search-* |")
    print("|---|---|---|---|---|")
    for name in [*CHAIN_LIKE, *TREE_PROCESSES]:
        verdicts = []
        for objective in ("vector", "string"):
            for seed in seeds:
                events = simulate(name, objective, seed, decisions, k)
                verdicts.append(score_events(strip_scores(events), draws=200).verdict)
        n = len(verdicts)
        print(f"| {name} | {n} | {sum(v == 'exploration-without-scores' for v in verdicts)} | "
              f"{sum(v == 'undetermined' for v in verdicts)} | "
              f"{sum(v.is_search for v in verdicts)} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=100, help="runs per process and objective")
    ap.add_argument("--decisions", type=int, default=30)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--trees", action="store_true", help="the tree searches and shape check")
    args = ap.parse_args()
    t0 = time.perf_counter()
    processes = TREE_PROCESSES if args.trees else PROCESSES
    runs = run_suite(processes, range(1000, 1000 + args.runs), decisions=args.decisions,
                     k=args.k)
    elapsed = time.perf_counter() - t0
    print(f"# {date.today()} on {describe()}, "
          f"{args.runs} runs x 2 objectives per process, T = {args.decisions}, k = {args.k}, "
          f"{elapsed:.0f} s")
    print("| process | search? | search-* | p<0.01 | mean ū | median p | median β̂ | "
          "mean power | most common verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, spec in processes.items():
        rs = [r for r in runs if r.process == name]
        common = Counter(r.verdict for r in rs).most_common(1)[0]
        print(f"| {name} | {'yes' if spec.is_search else 'no'} | {search_rate(rs):.3f} | "
              f"{detection_rate(rs):.3f} | {np.mean([r.u_bar for r in rs]):.2f} | "
              f"{np.median([r.p_value for r in rs]):.4f} | "
              f"{np.median([r.beta for r in rs]):.2f} | {np.mean([r.power for r in rs]):.2f} | "
              f"{common[0]} ({common[1] / len(rs):.0%}) |")
    for obj in ("vector", "string"):
        print(f"\nper objective ({obj}):",
              {n: round(search_rate([r for r in runs if r.process == n and r.objective == obj]),
                        3) for n in processes})
    z = np.array([r.z for r in runs])
    labels = np.array([r.is_search for r in runs])
    nulls = [n for n, s in processes.items() if not s.is_search]
    summary = {
        "auc_z": auc(z, labels),
        "worst_null_search_rate": max(search_rate([r for r in runs if r.process == n])
                                      for n in nulls),
        "power": {n: search_rate([r for r in runs if r.process == n])
                  for n, spec in processes.items() if spec.is_search},
        "runs": len(runs),
        "seconds": round(elapsed, 1),
    }
    print(json.dumps(summary))
    if args.trees:
        shape_table(range(1000, 1000 + min(args.runs, 50)), args.decisions, args.k)


if __name__ == "__main__":
    main()
