"""Decisions read from step views: who was scored, how, and which were kept.

A decision is a select event with at least two eligible candidates carrying a finite score from
one scorer. Choices not made on evaluations (a forced first visit, a random draw, a budget stop)
are counted and left out, and so are candidates the rule could not choose (`eligible: false`).
A selection with a visit order (`rank`) becomes one decision per rank: the candidates visited at
that rank, chosen among those not yet visited. Under blind selection the visit order is a
uniformly random permutation, whose successive choices are independent and uniform among what
remains, so the permutation null stays exact and Plackett–Luce is the product of the stages.
The statistics work on `DecisionSet`, a ragged layout (flat arrays + offsets) so that thousands
of decisions cost a few numpy calls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from scaffold.scoring.explore_terms import exploration_terms
from scaffold.transcript.events import Candidate, SelectEvent
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
    explore: np.ndarray | None = None
    """The searcher's exploration term per candidate (visit counts, priors), when logged."""
    structured: tuple[object, ...] = ()
    """A structured payload per candidate (a parsed move, a vector), for breadth."""

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
    ineligible: int = 0
    forced: int = 0
    random_choice: int = 0
    budget_stop: int = 0
    ordered_stages: int = 0

    def add(self, other: ExtractionCounts) -> None:
        mine, theirs = self.__dict__, other.__dict__
        for name in _COUNT_FIELDS:
            mine[name] += theirs[name]


_COUNT_FIELDS = tuple(ExtractionCounts.__dataclass_fields__)


@dataclass
class DecisionSet:
    """Informative decisions of one scorer in time order, plus flat arrays for vector maths."""

    scorer: str
    kind: str
    decisions: list[Decision] = field(default_factory=list)
    counts: ExtractionCounts = field(default_factory=ExtractionCounts)
    explore: list[Decision] = field(default_factory=list)
    """Choices logged with exploration statistics, tested apart (`explore_logit`)."""

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


STRUCTURED_KEYS = ("action", "move", "vector")
"""Candidate attrs that name the option itself; breadth counts distinct values of these."""

PRUNE = "prune"
"""A select stage that removes the candidates it does not keep from later selections."""

_SKIPPED = {"forced-first-visit": "forced", "random": "random_choice",
            "budget-stop": "budget_stop"}


def _structured(c: Candidate | None) -> object:
    if c is None:
        return None
    attrs = c.attrs
    for key in STRUCTURED_KEYS:
        value = attrs.get(key)
        if value is not None:
            return tuple(value) if isinstance(value, list) else value
    return None


def _blocks(select: SelectEvent, scored: set[str]) -> list[set[str]]:
    """The chosen candidates grouped by visit rank, earliest first (one block if unranked)."""
    chosen = [c for c in select.chosen if c in scored]
    if select.rank is None or len(select.rank) != len(select.chosen):
        return [set(chosen)]
    rank_of = dict(zip(select.chosen, select.rank, strict=True))
    out: dict[int, set[str]] = {}
    for c in chosen:
        out.setdefault(rank_of[c], set()).add(c)
    return [out[r] for r in sorted(out)]


def decisions_from_view(
    view: StepView, scorer: str, counts: ExtractionCounts, *, keep_payloads: bool = True
) -> list[Decision]:
    """Every decision the step's select events make under `scorer` (reasons for gaps counted)."""
    if not view.selects and view.select is None:
        return []
    values: dict[str, float] = {}
    isfinite = math.isfinite
    for s in view.scores:
        v = s.value
        if s.scorer == scorer and v is not None and isfinite(v):
            values[s.candidate] = float(v)
    by_id = {c.id: c for c in view.candidates}
    _share_values_of_repeats(values, by_id)
    ids = list(by_id) or list(dict.fromkeys(s.candidate for s in view.scores))
    counts.steps_with_select += 1
    counts.candidates += len(ids)
    eligible = [i for i in ids if i not in by_id or by_id[i].eligible]
    counts.ineligible += len(ids) - len(eligible)
    scored = [i for i in eligible if i in values]
    counts.scored += len(scored)
    out: list[Decision] = []
    for select in view.selects or (view.select,):
        if select is None:
            continue
        skipped = _SKIPPED.get(select.choice)
        if skipped:
            setattr(counts, skipped, getattr(counts, skipped) + 1)
            continue
        counts.chosen_unscored += len(set(select.chosen).difference(values))
        remaining = list(scored)
        blocks = _blocks(select, set(scored))
        for stage, block in enumerate(blocks):
            d = _decision(view, remaining, block, values, by_id, counts, keep_payloads,
                          first=stage == 0, ranked=select.rank is not None)
            if d is not None:
                out.append(d)
                counts.ordered_stages += stage > 0
            remaining = [i for i in remaining if i not in block]
        if select.stage == PRUNE:
            survivors = set(select.chosen)
            scored = [i for i in scored if i in survivors]
    return out


def _decision(
    view: StepView, scored: list[str], block: set[str], values: dict[str, float],
    by_id: dict[str, Candidate], counts: ExtractionCounts, keep_payloads: bool, *, first: bool,
    ranked: bool = False,
) -> Decision | None:
    if len(scored) < 2:
        return None
    flags = [i in block for i in scored]
    if True not in flags:
        counts.no_scored_choice += first
        return None
    if False not in flags:
        counts.all_kept += first
        return None
    vals = [values[i] for i in scored]
    if min(vals) == max(vals):
        counts.all_tied += 1
        return None
    sel = np.array(flags, bool)
    scores = np.array(vals, float)
    cands = [by_id.get(i) for i in scored]
    explore = exploration_terms(cands) if flags.count(True) == 1 and not ranked else None
    texts: tuple[str | None, ...] = ()
    parents: tuple[str | None, ...] = ()
    images: tuple[ImageData | None, ...] = ()
    structured: tuple[object, ...] = ()
    if keep_payloads:
        texts = tuple([c.text if c else None for c in cands])
        parents = tuple([c.parent if c else None for c in cands])
        images = tuple([c.image if c else None for c in cands])
        structured = tuple([_structured(c) for c in cands])
    return Decision(view.step, tuple(scored), scores, sel, texts, parents, images, explore,
                    structured)


def decision_from_view(
    view: StepView, scorer: str, counts: ExtractionCounts, *, keep_payloads: bool = True
) -> Decision | None:
    """The first decision of the step under `scorer`, or None (with the reason counted)."""
    found = decisions_from_view(view, scorer, counts, keep_payloads=keep_payloads)
    return found[0] if found else None


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
