"""Decisions read from step views: who was scored, how, and which were kept.

A decision is a step with a select event and at least two candidates carrying a finite score
from one scorer. The statistics work on `DecisionSet`, a ragged layout (flat arrays + offsets)
so that thousands of decisions cost a few numpy calls.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from scaffold.transcript.steps import StepView


@dataclass(frozen=True)
class Decision:
    """One selection among scored candidates, for one scorer."""

    step: int
    ids: tuple[str, ...]
    scores: np.ndarray
    selected: np.ndarray
    texts: tuple[str | None, ...] = ()
    parents: tuple[str | None, ...] = ()
    images: tuple[np.ndarray | None, ...] = ()
    stratum: int = 0

    @property
    def k(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return int(self.selected.sum())


@dataclass
class ExtractionCounts:
    """What was left out, and why; it feeds coverage and warnings."""

    candidates: int = 0
    scored: int = 0
    chosen_unscored: int = 0
    no_scored_choice: int = 0
    all_kept: int = 0
    all_tied: int = 0
    steps_with_select: int = 0

    def add(self, other: ExtractionCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DecisionSet:
    """Informative decisions of one scorer in time order, plus flat arrays for vector maths."""

    scorer: str
    kind: str
    decisions: list[Decision] = field(default_factory=list)
    counts: ExtractionCounts = field(default_factory=ExtractionCounts)

    def __len__(self) -> int:
        return len(self.decisions)

    def arrays(self) -> RaggedScores:
        return RaggedScores.from_decisions(self.decisions)


@dataclass(frozen=True)
class RaggedScores:
    """Scores and selection flags of n decisions, concatenated; decision i is [off[i], off[i+1])."""

    scores: np.ndarray
    selected: np.ndarray
    offsets: np.ndarray

    @classmethod
    def from_decisions(cls, decisions: Sequence[Decision]) -> RaggedScores:
        if not decisions:
            return cls(np.zeros(0), np.zeros(0, bool), np.zeros(1, np.int64))
        sizes = np.fromiter((d.k for d in decisions), np.int64, len(decisions))
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        scores = np.concatenate([d.scores for d in decisions]).astype(float)
        selected = np.concatenate([d.selected for d in decisions]).astype(bool)
        return cls(scores, selected, offsets)

    @property
    def n(self) -> int:
        return len(self.offsets) - 1

    @property
    def k(self) -> np.ndarray:
        return np.diff(self.offsets)

    @property
    def m(self) -> np.ndarray:
        return np.add.reduceat(self.selected.astype(np.int64), self.offsets[:-1]) if self.n else (
            np.zeros(0, np.int64)
        )


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def scorers_in(views: Iterable[StepView]) -> dict[str, str]:
    """Scorer name -> kind ("internal"/"external"), for scores in steps that select."""
    found: dict[str, str] = {}
    for view in views:
        if view.select is None:
            continue
        for s in view.scores:
            found.setdefault(s.scorer, s.kind)
    return found


def decision_from_view(
    view: StepView, scorer: str, counts: ExtractionCounts, *, keep_payloads: bool = True
) -> Decision | None:
    """The decision one step makes under `scorer`, or None (with the reason counted)."""
    if view.select is None:
        return None
    values: dict[str, float] = {}
    for s in view.scores:
        if s.scorer == scorer and _finite(s.value):
            values[s.candidate] = float(s.value)  # type: ignore[arg-type]
    candidates = list(view.candidates)
    ids = [c.id for c in candidates] or list(dict.fromkeys(s.candidate for s in view.scores))
    by_id = {c.id: c for c in candidates}
    ids = list(dict.fromkeys(ids))
    counts.steps_with_select += 1
    counts.candidates += len(ids)
    scored = [i for i in ids if i in values]
    counts.scored += len(scored)
    chosen = view.chosen
    counts.chosen_unscored += sum(1 for c in chosen if c not in values)
    if len(scored) < 2:
        return None
    sel = np.fromiter((i in chosen for i in scored), bool, len(scored))
    if not sel.any():
        counts.no_scored_choice += 1
        return None
    if sel.all():
        counts.all_kept += 1
        return None
    scores = np.fromiter((values[i] for i in scored), float, len(scored))
    if np.all(scores == scores[0]):
        counts.all_tied += 1
        return None
    texts: tuple[str | None, ...] = ()
    parents: tuple[str | None, ...] = ()
    images: tuple[np.ndarray | None, ...] = ()
    if keep_payloads:
        cands = [by_id.get(i) for i in scored]
        texts = tuple(c.text if c else None for c in cands)
        parents = tuple(c.parent if c else None for c in cands)
        images = tuple(c.image.to_array() if c and c.image else None for c in cands)
    return Decision(view.step, tuple(scored), scores, sel, texts, parents, images)


def primary_scorer(views: Sequence[StepView]) -> tuple[str, str] | None:
    """The scorer to test: the internal one with most decisions, else the best external one."""
    found = scorers_in(views)
    if not found:
        return None
    usage: Counter[str] = Counter()
    for view in views:
        if view.select is None:
            continue
        for name in {s.scorer for s in view.scores if _finite(s.value)}:
            usage[name] += 1
    ranked = sorted(found, key=lambda n: (found[n] != "internal", -usage[n], n))
    return ranked[0], found[ranked[0]]


def extract_decisions(
    views: Sequence[StepView], scorer: str, kind: str = "internal", *, keep_payloads: bool = True
) -> DecisionSet:
    """All informative decisions of `scorer` in step order."""
    out = DecisionSet(scorer, kind)
    for view in views:
        d = decision_from_view(view, scorer, out.counts, keep_payloads=keep_payloads)
        if d is not None:
            out.decisions.append(d)
    return out
