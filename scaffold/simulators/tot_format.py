"""Known-answer runs as Tree of Thoughts BFS logs, to test `import tot` + `score` end to end.

Held-out trajectories arrive as ToT `run.py` logs, so the calibration must survive the trip
through that format: texts instead of ids, kept candidates matched by text, values as logged.
`tot_problem` turns a simulated run into one problem entry of such a log: each decision becomes
`{step, x, ys, new_ys, values, select_new_ys}`, with `ys` the texts kept at the previous decision.
`repeat_zero` mimics ToT's value cache, which logs a repeated candidate's value as 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from scaffold.transcript.events import (
    CandidatesEvent,
    HeaderEvent,
    ScoreEvent,
    SelectEvent,
    StepEvent,
)


def tot_problem(events: Iterable[HeaderEvent | StepEvent], *, repeat_zero: bool = False,
                index: int = 0) -> dict[str, Any]:
    """One ToT BFS problem entry from a simulated run's events."""
    instance = ""
    texts: dict[int, dict[str, str]] = {}
    order: dict[int, list[str]] = {}
    values: dict[int, dict[str, float | None]] = {}
    chosen: dict[int, list[str]] = {}
    for ev in events:
        if isinstance(ev, HeaderEvent):
            instance = ev.task.instance or ""
        elif isinstance(ev, CandidatesEvent):
            order[ev.step] = [c.id for c in ev.candidates]
            texts[ev.step] = {c.id: c.text or "" for c in ev.candidates}
        elif isinstance(ev, ScoreEvent):
            values.setdefault(ev.step, {})[ev.candidate] = ev.value
        elif isinstance(ev, SelectEvent):
            chosen[ev.step] = list(ev.chosen)
    steps: list[dict[str, Any]] = []
    frontier = [""]
    for position, step in enumerate(sorted(s for s in order if s in chosen)):
        ids = order[step]
        new_ys = [texts[step][i] for i in ids]
        vals = [values.get(step, {}).get(i) for i in ids]
        if repeat_zero:
            seen: set[str] = set()
            for j, text in enumerate(new_ys):
                if text in seen:
                    vals[j] = 0.0
                seen.add(text)
        kept = [texts[step][i] for i in chosen[step]]
        steps.append({"step": position, "x": instance, "ys": frontier, "new_ys": new_ys,
                      "values": vals, "select_new_ys": kept})
        frontier = kept
    return {"steps": steps, "idx": index, "ys": frontier, "infos": []}


def tot_shaped_problem(rng: np.random.Generator, index: int, *, greedy: bool, levels: int = 4,
                       proposals: int = 4, keep: int = 3, moves: int = 6) -> dict[str, Any]:
    """A ToT BFS problem with ToT's own quirks, kept either greedily or blind to the values.

    Each frontier item proposes `proposals` one-line moves out of `moves`, so repeats are
    common; a text is valued once (0.001, 1 or 20, as ToT's value prompt maps sure/likely/
    impossible) and its repeats are logged as 0, as ToT's value cache does. `greedy` keeps the
    top `keep` by a stable sort on value (ToT's rule); otherwise `keep` slots are drawn uniformly.
    """
    steps: list[dict[str, Any]] = []
    frontier = [""]
    for level in range(levels):
        new_ys = [f"{item}move {int(rng.integers(moves))}\n" for item in frontier
                  for _ in range(proposals)]
        first: dict[str, float] = {}
        values: list[float | None] = []
        for text in new_ys:
            values.append(0.0 if text in first else first.setdefault(
                text, float(rng.choice([0.001, 1.0, 20.0]))))
        if greedy:
            picks = sorted(range(len(new_ys)), key=lambda j: -(values[j] or 0.0))[:keep]
        else:
            picks = [int(j) for j in rng.choice(len(new_ys), keep, replace=False)]
        kept = [new_ys[j] for j in picks]
        steps.append({"step": level, "x": "1 2 3 4", "ys": frontier, "new_ys": new_ys,
                      "values": values, "select_new_ys": kept})
        frontier = kept
    return {"steps": steps, "idx": index, "ys": frontier, "infos": []}
