"""Decisions read from step views: who was scored, how, and which were kept.

A decision is a step with a select event and at least two candidates carrying a finite score
from one scorer. The statistics work on `DecisionSet`, a ragged layout (flat arrays + offsets)
so that thousands of decisions cost a few numpy calls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from scaffold.transcript.events import Candidate
from scaffold.transcript.images import ImageData
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
    images: tuple[ImageData | None, ...] = ()

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


def _share_values_of_repeats(values: dict[str, float], by_id: dict[str, Candidate]) -> None:
    """Give the copies of a repeated candidate (`attrs.repeat_of`) the value of the first copy.

    An importer marks a candidate as a repeat when its log names kept candidates by text, so
    copies cannot be told apart. Their logged values can still differ (ToT evaluates only the
    first copy and logs the others as 0 so greedy skips them; a noisy evaluator differs by
    chance), and the kept text is matched to one copy by a rule. If the copies kept distinct
    values, a choice blind to the scores would look selective whenever the rule matched the
    better copy, or the other copies sat at an artificial 0. With the first copy's value on
    every copy, which copy was matched no longer matters and the permutation null over slots
    stays exact.
    """
    for cid, c in by_id.items():
        first = c.attrs.get("repeat_of")
        if cid in values and isinstance(first, str) and first in values:
            values[cid] = values[first]


def decision_from_view(
    view: StepView, scorer: str, counts: ExtractionCounts, *, keep_payloads: bool = True
) -> Decision | None:
    """The decision one step makes under `scorer`, or None (with the reason counted)."""
    if view.select is None:
        return None
    values: dict[str, float] = {}
    for s in view.scores:
        v = s.value
        if s.scorer == scorer and v is not None and math.isfinite(v):
            values[s.candidate] = float(v)
    candidates = view.candidates
    by_id = {c.id: c for c in candidates}
    _share_values_of_repeats(values, by_id)
    ids = list(by_id) or list(dict.fromkeys(s.candidate for s in view.scores))
    counts.steps_with_select += 1
    counts.candidates += len(ids)
    scored = [i for i in ids if i in values]
    counts.scored += len(scored)
    kept = set(view.select.chosen)
    counts.chosen_unscored += sum(1 for c in kept if c not in values)
    if len(scored) < 2:
        return None
    flags = [i in kept for i in scored]
    if not any(flags):
        counts.no_scored_choice += 1
        return None
    if all(flags):
        counts.all_kept += 1
        return None
    vals = [values[i] for i in scored]
    if min(vals) == max(vals):
        counts.all_tied += 1
        return None
    sel = np.array(flags, bool)
    scores = np.array(vals, float)
    texts: tuple[str | None, ...] = ()
    parents: tuple[str | None, ...] = ()
    images: tuple[ImageData | None, ...] = ()
    if keep_payloads:
        cands = [by_id.get(i) for i in scored]
        texts = tuple(c.text if c else None for c in cands)
        parents = tuple(c.parent if c else None for c in cands)
        images = tuple(c.image if c else None for c in cands)
    return Decision(view.step, tuple(scored), scores, sel, texts, parents, images)


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
