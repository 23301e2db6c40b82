"""Whole-transcript scoring and pooling of several transcripts of one scaffold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy.stats import combine_pvalues

from scaffold.gc_pause import gc_paused
from scaffold.implicit.model import DERIVED_LOOP
from scaffold.scoring.breadth import Breadth
from scaffold.scoring.decisions import DecisionSet
from scaffold.scoring.explore_logit import explore_test
from scaffold.scoring.incremental import IncrementalScorer
from scaffold.scoring.labels import Regime
from scaffold.scoring.report import FisherCombination, ScoreReport
from scaffold.scoring.report_warnings import ReportWarning, WarningKind, warnings_for
from scaffold.scoring.selection_stats import selection_stats
from scaffold.scoring.selection_test import ALPHA
from scaffold.scoring.structure import Shape
from scaffold.scoring.trends import Adaptivity
from scaffold.scoring.verdict import type_label, verdict_for
from scaffold.transcript.events import HeaderEvent, StepEvent
from scaffold.transcript.reader import read_transcript
from scaffold.transcript.steps import StepView
from scaffold.visible_text import visible

DRAWS = 2000
SYSTEMS_NAMED = 3
"""A mixed pool's warning names its most common systems, up to this many."""
RUNS_NAMED = 5
"""A pooled report's warning about broken references names its runs, up to this many."""


def score_views(views: Iterable[StepView], path: str = "", *, draws: int = DRAWS,
                seed: int = 0) -> ScoreReport:
    scorer = IncrementalScorer(path, draws=draws, seed=seed)
    for view in views:
        scorer.add(view)
    return scorer.report(final=True)


def score_events(events: Iterable[HeaderEvent | StepEvent], path: str = "", *,
                 draws: int = DRAWS, seed: int = 0, internal_only: bool = False) -> ScoreReport:
    """Score a list of events (a header, if present, is ignored); `internal_only` for
    decisions found inside texts (see `IncrementalScorer`)."""
    scorer = IncrementalScorer(path, draws=draws, seed=seed, internal_only=internal_only)
    scorer.add_events(ev for ev in events if not isinstance(ev, HeaderEvent))
    return scorer.report(final=True)


def score_transcript(path: str | Path, *, draws: int = DRAWS, seed: int = 0) -> ScoreReport:
    """Read and score one transcript file; unreadable files raise InputError."""
    with gc_paused():
        header, events, truncated = read_transcript(path)
        scorer = IncrementalScorer(str(path), draws=draws, seed=seed,
                                   internal_only=header.loop == DERIVED_LOOP)
        scorer.add_events(events)
        if truncated:
            scorer.extra_warnings.append(ReportWarning(
                WarningKind.TRUNCATED, "transcript is truncated: the last line was incomplete"))
        report = scorer.report(final=True)
        del events, scorer  # freed now, so the collection the pause put off does not scan them
    report.system = system_of(header)
    return report


def system_of(header: HeaderEvent) -> str:
    """The loop, scaffold and model a transcript records, named as a pooled report's warning
    shows them; a derived transcript names its source's loop."""
    loop = header.loop
    if loop == DERIVED_LOOP and isinstance(header.config.get("source_loop"), str):
        loop = header.config["source_loop"]
    return f"{loop}/{header.scaffold} ({header.model.id})"


def _as_set(item: ScoreReport | DecisionSet) -> DecisionSet | None:
    return item.decision_set if isinstance(item, ScoreReport) else item


def pool(items: Sequence[ScoreReport | DecisionSet], *, draws: int = DRAWS, seed: int = 0,
         path: str = "<pooled>") -> ScoreReport:
    """One permutation test over every decision of several runs (stratified by decision),
    plus Fisher's combination of the per-run p-values."""
    sets = [s for s in (_as_set(i) for i in items)
            if s is not None and (len(s) or s.explore)]
    names = Counter(s.scorer for s in sets)
    scorer = names.most_common(1)[0][0] if names else ""
    sets = [s for s in sets if s.scorer == scorer]
    pooled = DecisionSet(scorer, sets[0].kind if sets else "")
    for s in sets:
        pooled.decisions.extend(s.decisions)
        pooled.explore.extend(s.explore)
        pooled.counts.add(s.counts)
    stats, power = selection_stats(pooled.arrays(), scorer, pooled.kind, draws=draws, seed=seed)
    explore = explore_test(pooled.explore, draws=draws, seed=seed)
    reports = [i for i in items if isinstance(i, ScoreReport)]
    pvals = [r.selection.p_value if r.selection and r.selection.n_decisions
             else r.explore.p_value  # type: ignore[union-attr]
             for r in reports if (r.selection and r.selection.n_decisions) or r.explore]
    if not reports:
        pvals = [selection_stats(s.arrays(), s.scorer, s.kind, draws=draws, seed=seed,
                                 with_power=False)[0].p_value for s in sets if len(s)]
    fisher = None
    if pvals:
        res = combine_pvalues(pvals, method="fisher")
        fisher = FisherCombination(statistic=float(res.statistic), p_value=float(res.pvalue),
                                   n_runs=len(pvals))
    breadth = _pooled_breadth(reports)
    if len(pooled) or explore is not None:
        regime = Regime.DECISIONS
    elif any(r.regime == Regime.PROGRESS_ONLY for r in reports):
        regime = Regime.PROGRESS_ONLY
    else:
        regime = Regime.STATES_ONLY
    sel = stats if len(pooled) else None
    verdict = verdict_for(regime, sel, power, breadth, None, explore=explore)
    shape = Shape(None, None, None, None,
                  float(np.mean([d.m for d in pooled.decisions])) if len(pooled) else None,
                  float(np.mean([d.k for d in pooled.decisions])) if len(pooled) else None)
    types = Counter(r.type for r in reports if r.type)
    report = ScoreReport(
        path=path,
        verdict=verdict,
        regime=regime,
        n_decisions=len(pooled) + (explore.n_decisions if explore else 0),
        selection=sel,
        by_scorer={scorer: stats} if sel else {},
        disagreement=None,
        breadth=breadth,
        coverage=pooled.counts.scored / pooled.counts.candidates if pooled.counts.candidates
        else None,
        adaptivity=Adaptivity(None, None),
        progress=None,
        power=power,
        shape=shape,
        commitment=None,
        type=types.most_common(1)[0][0] if types else type_label(regime, sel, shape),
        anti_selection=bool(sel and sel.p_lower < ALPHA),
        warnings=[],
        counts=pooled.counts,
        n_steps=sum(r.n_steps for r in reports),
        n_transcripts=len(items),
        fisher=fisher,
        non_finite_scores=sum(r.non_finite_scores for r in reports),
        decision_set=pooled,
        explore=explore,
    )
    report.warnings = [w for w in warnings_for(report) if w.kind != WarningKind.FEW_DECISIONS]
    report.warnings += _pool_warnings(reports, scorer)
    return report


def _pool_warnings(reports: Sequence[ScoreReport], scorer: str) -> list[ReportWarning]:
    """What a pooled verdict hides: runs of different systems in one pool, runs left out
    because another scorer judged their decisions, and runs whose references between events
    are broken (each run's own report says which references)."""
    out = []
    systems = Counter(r.system for r in reports if r.system)
    if len(systems) > 1:
        named = "; ".join(f"{n} × {name}" for name, n in systems.most_common(SYSTEMS_NAMED))
        if len(systems) > SYSTEMS_NAMED:
            named += f"; {len(systems) - SYSTEMS_NAMED} more"
        out.append(ReportWarning(
            WarningKind.MIXED_SYSTEMS,
            f"pooled runs come from {len(systems)} different systems ({named}): a pooled "
            "verdict is about one system, so pool runs of one"))
    others = Counter(r.decision_set.scorer for r in reports if r.decision_set is not None
                     and len(r.decision_set) and r.decision_set.scorer != scorer)
    if others:
        out.append(ReportWarning(
            WarningKind.POOL_LEFT_OUT,
            f"{_runs(others.total())} left out of the pool: their decisions are judged by "
            f"{', '.join(sorted(others))}, the pool's by {scorer}"))
    broken = [r.path for r in reports
              if any(w.kind == WarningKind.BROKEN_REFERENCES for w in r.warnings)]
    if broken:
        named = ", ".join(_run_name(p) for p in broken[:RUNS_NAMED])
        if len(broken) > RUNS_NAMED:
            named += f" and {len(broken) - RUNS_NAMED} more"
        out.append(ReportWarning(
            WarningKind.BROKEN_REFERENCES,
            f"{len(broken)} of {_runs(len(reports))} {'has' if len(broken) == 1 else 'have'} "
            f"broken references between events (see each run's report): {named}"))
    return out


def _run_name(path: str) -> str:
    """A run's path as given, inert and on one line (a file name may hold any character)."""
    return visible(path).replace("\n", "\\n").replace("\t", "\\t")


def _runs(n: int) -> str:
    return f"{n} run" if n == 1 else f"{n} runs"


def _pooled_breadth(reports: Sequence[ScoreReport]) -> Breadth:
    parts = [r.breadth for r in reports if r.breadth.mean is not None]
    if not parts:
        return Breadth(None, None, None, 0, None)
    n = np.array([b.n_measured for b in parts], float)
    mean = float(np.average([float(b.mean or 0.0) for b in parts], weights=n))
    below = float(np.average([float(b.share_below_1_5 or 0.0) for b in parts], weights=n))
    lowest = min((float(b.minimum) for b in parts if b.minimum is not None), default=mean)
    return Breadth(mean, lowest, below, int(n.sum()), parts[0].kernel)
