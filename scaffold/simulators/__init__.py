"""Known-answer simulators: seeded processes on toy objectives that emit real transcript events.

`simulate(process, objective, seed, decisions=30, k=4)` returns a header plus step events that
`TranscriptWriter` can write and the TUI can replay. `PROCESSES` holds the ground truth.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from scaffold.simulators import processes as p
from scaffold.simulators import trees as t
from scaffold.simulators.objectives import OBJECTIVES
from scaffold.simulators.recorder import Recorder, sim_header
from scaffold.transcript.events import HeaderEvent
from scaffold.transcript.events import StepEvent as StepEventT


@dataclass(frozen=True)
class ProcessSpec:
    """A process and its ground-truth labels."""

    run: p.Process
    is_search: bool
    is_optimising: bool
    role: str


PROCESSES: dict[str, ProcessSpec] = {
    "random_walk": ProcessSpec(p.random_walk, False, False, "breadth without selection"),
    "repetition": ProcessSpec(p.repetition, False, False, "stasis"),
    "attractor_drift": ProcessSpec(p.attractor_drift, False, False, "convergence, no objective"),
    "diverse_random": ProcessSpec(p.diverse_random, False, False, "maximal breadth"),
    "amortized_improver": ProcessSpec(p.amortized_improver, False, True, "control, no selection"),
    "anti_search": ProcessSpec(p.anti_search, False, False, "selects the worst"),
    "decorative": ProcessSpec(p.decorative, False, False, "scores ignored by the choice"),
    "hill_climb": ProcessSpec(p.hill_climb, True, True, "local search"),
    "noisy_hill_climb": ProcessSpec(p.noisy_hill_climb, True, True, "weak search"),
    "best_of_n": ProcessSpec(p.best_of_n, True, True, "iterated random search"),
    "beam": ProcessSpec(p.beam, True, True, "population search"),
    "sim_anneal": ProcessSpec(p.sim_anneal, True, True, "selection between two"),
    "mcts": ProcessSpec(p.mcts, True, True, "tree search with rollouts"),
}
NULLS = tuple(name for name, spec in PROCESSES.items() if not spec.is_search)
SEARCHES = tuple(name for name, spec in PROCESSES.items() if spec.is_search)

TREE_PROCESSES: dict[str, ProcessSpec] = {
    "uct": ProcessSpec(t.uct, True, True, "MCTS: UCB1 on backed-up means, random first visits"),
    "uct_blind": ProcessSpec(t.uct_blind, False, False, "MCTS whose UCB ignores the values"),
    "dfs": ProcessSpec(t.dfs, True, True, "depth-first, prune by value, best child first"),
    "dfs_blind": ProcessSpec(t.dfs_blind, False, False, "depth-first in random order"),
}
"""Tree searches logged with the schema-2 search fields (kept apart from `PROCESSES`, whose
runs also go through the ToT format, which cannot carry those fields)."""

CHAIN_LIKE: dict[str, p.Process] = {"chain": t.chain, "restarts": t.restarts,
                                    "retries": t.retries}
"""Unscored chain-like processes: the null class of the tree-shape test."""

ALL_PROCESSES = {**PROCESSES, **TREE_PROCESSES}


def simulate(
    process: str, objective: str, seed: int, decisions: int = 30, k: int = 4
) -> list[HeaderEvent | StepEventT]:
    """Deterministic events of one run; unknown names raise KeyError."""
    spec = ALL_PROCESSES.get(process)
    run = spec.run if spec is not None else CHAIN_LIKE[process]
    salt = zlib.crc32(f"{process}/{objective}".encode())
    rng = np.random.default_rng([seed, salt])
    obj = OBJECTIVES[objective](rng)
    rec = Recorder(obj, sim_header(process, objective, seed, decisions, k))
    run(obj, rng, rec, decisions, k)
    return rec.events


__all__ = ["ALL_PROCESSES", "CHAIN_LIKE", "NULLS", "OBJECTIVES", "PROCESSES", "SEARCHES",
           "TREE_PROCESSES", "ProcessSpec", "simulate"]
