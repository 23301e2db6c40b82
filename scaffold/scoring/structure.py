"""Process shape: backtracking from candidate parents and the step tree, and commitment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scaffold.scoring.decisions import Decision
from scaffold.scoring.json_real import Real
from scaffold.transcript.steps import StepView

POSTERIOR_KEYS = ("class_posterior", "posterior", "class_probs", "probs")
LABEL_KEYS = ("label", "answer", "decision", "class")
_ALL_KEYS = frozenset(POSTERIOR_KEYS + LABEL_KEYS)


@dataclass(frozen=True)
class Shape:
    """Backtracking and locality. Rates are per decision (or per step for the step tree)."""

    backtrack_rate: Real | None
    parent_switch_rate: Real | None
    local_fraction: Real | None
    step_tree_backtracks: Real | None
    mean_kept: Real | None
    mean_candidates: Real | None


def shape_of(decisions: Sequence[Decision], views: Sequence[StepView]) -> Shape:
    """Backtracks: a kept candidate extends something other than the previous step's kept set.

    Candidates without a parent are fresh samples; they count as neither local nor backtracks.
    """
    backtracks = switches = linked = 0
    local = total = 0
    before: list[str] = []
    for v in views:
        select = v.select
        if select is None:
            continue
        cands = v.candidates
        parents = [c.parent for c in cands]
        if before and cands:
            total += len(cands)
        if parents.count(None) == len(parents):
            # fresh samples only: no kept parent, none local (`before` never holds None)
            before = list(select.chosen)
            continue
        parent_of = dict(zip([c.id for c in cands], parents, strict=True))
        kept_parents = [p for p in map(parent_of.get, select.chosen) if p is not None]
        if before and cands:
            # `p in before` for each candidate's parent; with one kept, a count of it
            if len(before) == 1:
                local += parents.count(before[0])
            else:
                local += sum(p in before for p in parents)
            if kept_parents:
                linked += 1
                backtracks += any(p not in before for p in kept_parents)
                first = before[0]
                switches += any(p != first for p in kept_parents)
        before = list(select.chosen)
    tree = [v.parent for v in views if v.state is not None]
    order = [v.step for v in views if v.state is not None]
    jumps = [p != order[i - 1] for i, p in enumerate(tree) if i > 0 and p is not None]
    # the means of counts and flags as np.mean makes them: the exact integer sum, divided
    n = len(decisions)
    kept = int(np.concatenate([d.selected for d in decisions]).sum()) if n else 0
    return Shape(
        backtracks / linked if linked else None,
        switches / linked if linked else None,
        local / total if total else None,
        float(jumps.count(True)) / len(jumps) if jumps else None,
        float(kept) / n if n else None,
        float(sum(len(d.ids) for d in decisions)) / n if n else None,
    )


@dataclass(frozen=True)
class Commitment:
    """When the decoded decision stops changing (fraction of the run) and the entropy slope."""

    stable_from: Real | None
    entropy_slope: Real | None
    source: str


def commitment_of(views: Sequence[StepView]) -> Commitment | None:
    labels: list[object] = []
    entropies: list[float] = []
    source = ""
    for v in views:
        if v.state is None:
            continue
        attrs = v.state.attrs
        if attrs.keys().isdisjoint(_ALL_KEYS):
            continue
        post = next((attrs[k] for k in POSTERIOR_KEYS if isinstance(attrs.get(k), list)), None)
        if post:
            p = np.clip(np.asarray(post, float), 0.0, None)
            if p.sum() > 0:
                p = p / p.sum()
                labels.append(int(np.argmax(p)))
                nz = p[p > 0]
                entropies.append(float(-(nz * np.log(nz)).sum()))
                source = "posterior"
                continue
        label = next((attrs[k] for k in LABEL_KEYS if k in attrs), None)
        if label is not None:
            labels.append(str(label))
            source = source or "label"
    if len(labels) < 2:
        return None
    final = labels[-1]
    t = len(labels) - 1
    while t > 0 and labels[t - 1] == final:
        t -= 1
    slope = None
    if len(entropies) >= 2:
        x = np.linspace(0, 1, len(entropies))
        slope = float(np.polyfit(x, entropies, 1)[0])
    return Commitment(t / len(labels), slope, source)
