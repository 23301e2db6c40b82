"""`IncrementalScorer`: scores a transcript as its steps arrive, for the TUI's search panel.

`add(view)` costs O(candidates of that step): it extracts the step's decisions, percentiles and
breadth once. `report()` is lazy: the permutation test, β̂ and power are recomputed only when the
number of decisions has grown by about 2% (or at `final=True`), with fewer draws while live.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from scaffold.scoring import score_scale
from scaffold.scoring.breadth import breadths, summarise_breadth
from scaffold.scoring.decisions import (
    Decision,
    DecisionSet,
    ExtractionCounts,
    RaggedScores,
    decisions_from_view,
)
from scaffold.scoring.explore_logit import ExploreTest, explore_test
from scaffold.scoring.gain_null import gain_vs_blind
from scaffold.scoring.interventions import InterventionCollector, causal_verdict
from scaffold.scoring.labels import Regime
from scaffold.scoring.power import PowerResult
from scaffold.scoring.ranks import spearman
from scaffold.scoring.report import Disagreement, ScoreReport
from scaffold.scoring.report_warnings import (
    ReportWarning,
    WarningKind,
    references_warning,
    warnings_for,
)
from scaffold.scoring.selection_stats import SelectionStats, selection_stats
from scaffold.scoring.selection_test import ALPHA, min_attainable_p
from scaffold.scoring.structure import commitment_of, shape_of
from scaffold.scoring.tree_shape import tree_shape_of
from scaffold.scoring.trends import Progress, adaptivity_of, progress_of
from scaffold.scoring.verdict import type_label, verdict_for
from scaffold.transcript.events import StepEvent
from scaffold.transcript.objective import state_objective
from scaffold.transcript.references import ReferenceCheck
from scaffold.transcript.steps import StepView

BREADTH_DENSE = 64
MAX_SCORERS = 4
REFRESH_GROWTH = 0.02
GAIN_DRAWS = 400
LIVE_GAIN_DRAWS = 100


@dataclass
class _StepRecord:
    """What one step contributes, per scorer; replaced wholesale if the step is re-sent."""

    view: StepView
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    explore: dict[str, list[Decision]] = field(default_factory=dict)
    """Choices logged with a searcher's exploration statistics (tested by `explore_logit`)."""
    counts: dict[str, ExtractionCounts] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    breadth: tuple[float, str] | None = None
    wants_breadth: bool = False
    state_objective: float | None = None
    kept_best: dict[str, float] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    non_finite: int = 0


def _measure_breadth(i: int) -> bool:
    """Every decision up to BREADTH_DENSE, then about BREADTH_DENSE/2 per doubling of n."""
    if i <= BREADTH_DENSE:
        return True
    stride = 2 ** math.ceil(math.log2(i / BREADTH_DENSE))
    return i % stride == 0


def _kept_best(d: Decision) -> float:
    """The best score kept by `d`: `float(d.scores[d.selected].max())`, on Python floats.

    A maximum of zero goes through numpy, which picks between 0.0 and -0.0 its own way; any
    other maximum is one bit pattern, whichever copy is taken.
    """
    best = max([v for v, kept in zip(d.scores.tolist(), d.selected.tolist(), strict=True)
                if kept])
    return float(d.scores[d.selected].max()) if best == 0 else float(best)


def group_steps(events: Iterable[StepEvent]) -> list[StepView]:
    """Step views in first-seen order from a flat stream of step events."""
    grouped: dict[int, list[StepEvent]] = {}
    for ev in events:
        grouped.setdefault(ev.step, []).append(ev)
    return [StepView.from_events(step, evs) for step, evs in grouped.items()]


class IncrementalScorer:
    """Feed step views with `add`; ask for the current `report()` at any time."""

    def __init__(
        self,
        path: str = "",
        *,
        draws: int = 2000,
        live_draws: int = 500,
        seed: int = 0,
        keep_payloads: bool = True,
        internal_only: bool = False,
    ) -> None:
        self.path = path
        self.internal_only = internal_only
        """Only an internal scorer may carry the verdict (decisions found inside a text: a
        choice that the task's verifier rates well but that the text never evaluated is a
        good policy, not search in the text; the verifier's test is still shown)."""
        self.draws = draws
        self.live_draws = live_draws
        self.seed = seed
        self.keep_payloads = keep_payloads
        self.extra_warnings: list[ReportWarning] = []
        self.references = ReferenceCheck()
        """References between the events given to `add_events` (views carry one state each)."""
        self._records: dict[int, _StepRecord] = {}
        self._decision_steps = 0
        self._cache: dict[str, tuple[int, int, SelectionStats, PowerResult | None]] = {}
        self._explore_cache: dict[str, tuple[int, int, ExploreTest | None, int]] = {}
        self._version = 0
        self.interventions = InterventionCollector()

    def __len__(self) -> int:
        return len(self._records)

    def add(self, view: StepView) -> None:
        """Take in one step (a re-sent step replaces its earlier version). Steps of an
        intervention's arms are kept apart, for the `interventions` block."""
        if self.interventions.claim(view):
            return
        rec = _StepRecord(view, state_objective=state_objective(view))
        non_finite = 0
        for s in view.scores:
            if s.value is not None and not math.isfinite(s.value):
                non_finite += 1
        rec.non_finite = non_finite
        if view.select is not None:
            for s in view.scores:
                rec.kinds.setdefault(s.scorer, s.kind)
            for name in rec.kinds:
                counts = ExtractionCounts()
                found = decisions_from_view(view, name, counts, keep_payloads=self.keep_payloads)
                rec.counts[name] = counts
                plain = [d for d in found if d.explore is None]
                if plain:
                    rec.decisions[name] = plain
                if len(plain) < len(found):
                    rec.explore[name] = [d for d in found if d.explore is not None]
                if found:
                    rec.kept_best[name] = _kept_best(found[0])
            if rec.decisions:
                self._decision_steps += 1
                rec.wants_breadth = _measure_breadth(self._decision_steps)
        else:
            order = {c.id: i for i, c in enumerate(view.candidates)}
            ranked = sorted(view.scores, key=lambda s: order.get(s.candidate, len(order)))
            for s in ranked:
                if s.value is not None and math.isfinite(s.value):
                    rec.samples.setdefault(s.scorer, []).append(float(s.value))
                    rec.kinds.setdefault(s.scorer, s.kind)
        if view.step in self._records:
            self._version += 1
        self._records[view.step] = rec

    def add_events(self, events: Iterable[StepEvent]) -> None:
        for step, evs in self.references.add_grouped(events).items():
            self.add(StepView.from_events(step, evs))

    def decision_set(self, scorer: str) -> DecisionSet:
        kind = next((r.kinds[scorer] for r in self._records.values() if scorer in r.kinds), "")
        out = DecisionSet(scorer, kind)
        for rec in self._records.values():
            if scorer in rec.counts:
                out.counts.add(rec.counts[scorer])
            if scorer in rec.decisions:
                out.decisions.extend(rec.decisions[scorer])
            out.explore.extend(rec.explore.get(scorer, ()))
        return out

    def explore_decisions(self, scorer: str) -> list[Decision]:
        return [d for rec in self._records.values() for d in rec.explore.get(scorer, ())]

    def _counts_without_decisions(self, scorers: list[tuple[str, str, int]]) -> ExtractionCounts:
        """Why no scorer has an informative decision: the counts of the first scorer (internal
        first) that scored candidates at a selection, so the card says the selections were
        recorded and left out (all tied, all kept...) rather than that none were recorded."""
        internal_first = sorted(scorers, key=lambda s: s[1] != "internal")
        for name, _kind, _n in internal_first:
            counts = self.decision_set(name).counts
            if counts.steps_with_select:
                return counts
        return ExtractionCounts()

    def _scorers(self) -> list[tuple[str, str, int]]:
        found: dict[str, tuple[str, int]] = {}
        for rec in self._records.values():
            for name, kind in rec.kinds.items():
                kind0, n = found.get(name, (kind, 0))
                found[name] = (kind0, n + (name in rec.decisions or name in rec.explore))
        ranked = sorted(found.items(), key=lambda kv: (-kv[1][1], kv[1][0] != "internal", kv[0]))
        return [(name, kind, n) for name, (kind, n) in ranked]

    def _stats(
        self, dset: DecisionSet, final: bool, with_power: bool
    ) -> tuple[SelectionStats, PowerResult | None]:
        n = len(dset)
        draws = self.draws if final else self.live_draws
        cached = self._cache.get(dset.scorer)
        if cached is not None and cached[1] == self._version:
            n0, _, stats, power = cached
            fresh_enough = n == n0 or (not final and n - n0 < max(1, REFRESH_GROWTH * n0))
            if fresh_enough and stats.draws >= draws and (power is not None or not with_power):
                return stats, power
        r: RaggedScores = dset.arrays()
        stats, power = selection_stats(r, dset.scorer, dset.kind, draws=draws, seed=self.seed,
                                       with_power=with_power)
        self._cache[dset.scorer] = (n, self._version, stats, power)
        return stats, power

    def _explore(self, scorer: str, final: bool) -> ExploreTest | None:
        """The value-given-exploration test, recomputed as lazily as `_stats`."""
        decisions = self.explore_decisions(scorer)
        n, draws = len(decisions), self.draws if final else self.live_draws
        cached = self._explore_cache.get(scorer)
        if cached is not None and cached[1] == self._version:
            n0, _, done, draws0 = cached
            fresh = n == n0 or (not final and n - n0 < max(1, REFRESH_GROWTH * n0))
            if fresh and draws0 >= draws:
                return done
        result = explore_test(decisions, draws=draws, seed=self.seed)
        self._explore_cache[scorer] = (n, self._version, result, draws)
        return result

    def _progress(self, primary: str | None) -> Progress | None:
        recs = list(self._records.values())
        states = [r.state_objective for r in recs if r.state_objective is not None]
        if len(states) >= 3:
            return progress_of(states, "state objective")
        if primary is not None:
            kept = [r.kept_best[primary] for r in recs if primary in r.kept_best]
            if kept:
                return progress_of(kept, f"kept candidate ({primary})")
        samples: dict[str, list[float]] = {}
        for r in recs:
            for name, values in r.samples.items():
                samples.setdefault(name, []).extend(values)
        if samples:
            name = max(samples, key=lambda n: len(samples[n]))
            return progress_of(samples[name], f"samples ({name})")
        if states:
            return progress_of(states, "state objective")
        return None

    def report(self, *, final: bool = False) -> ScoreReport:
        """The current verdict; `final=True` uses the full number of permutation draws."""
        scorers = self._scorers()
        with_decisions = [s for s in scorers if s[2] > 0]
        internal = [s for s in with_decisions if s[1] == "internal"]
        fallback = [] if self.internal_only else with_decisions
        candidates: list[tuple[str, str, int] | None] = [*internal, *fallback, None]
        primary = candidates[0]
        by_scorer: dict[str, SelectionStats] = {}
        sel: SelectionStats | None = None
        power: PowerResult | None = None
        dset: DecisionSet | None = None
        for name, _kind, _n in with_decisions[:MAX_SCORERS]:
            ds = self.decision_set(name)
            is_primary = primary is not None and name == primary[0]
            stats, pw = self._stats(ds, final, with_power=is_primary)
            by_scorer[name] = stats
            if is_primary:
                sel, power, dset = stats, pw, ds
        progress = self._progress(primary[0] if primary else None)
        explore = self._explore(primary[0], final) if primary else None
        if dset is not None and len(dset) == 0 and explore is not None:
            sel = power = None
        if dset is not None:
            regime = Regime.DECISIONS
        elif progress is not None and progress.n >= 2:
            regime = Regime.PROGRESS_ONLY
        else:
            regime = Regime.STATES_ONLY
        decisions = dset.decisions if dset else []
        steps_with = {d.step for d in decisions}
        self._fill_breadth(refit=final)
        breadth = summarise_breadth([
            r.breadth for r in self._records.values()
            if r.breadth is not None and r.view.step in steps_with
        ])
        counts = dset.counts if dset is not None else self._counts_without_decisions(scorers)
        coverage = counts.scored / counts.candidates if counts.candidates else None
        adaptivity = adaptivity_of(score_scale.means([d.scores for d in decisions]))
        views = [r.view for r in self._records.values()]
        shape = shape_of(decisions, views) if decisions else None
        tree = tree_shape_of(views)
        interventions = self.interventions.summary(self.seed) if len(self.interventions) else {}
        verdict = causal_verdict(
            verdict_for(regime, sel, power, breadth, progress, explore=explore, tree=tree),
            interventions)
        gain = (gain_vs_blind(dset.arrays(), draws=GAIN_DRAWS if final else LIVE_GAIN_DRAWS,
                              seed=self.seed) if dset is not None and len(dset) else None)
        anti = sel is not None and sel.n_decisions > 0 and sel.p_lower < ALPHA
        report = ScoreReport(
            path=self.path,
            verdict=verdict,
            regime=regime,
            n_decisions=(sel.n_decisions if sel else 0) + (explore.n_decisions if explore else 0),
            selection=sel,
            by_scorer=by_scorer,
            disagreement=self._disagreement(by_scorer),
            breadth=breadth,
            coverage=coverage,
            adaptivity=adaptivity,
            progress=progress,
            power=power,
            shape=shape,
            commitment=commitment_of(views),
            type=type_label(regime, sel, shape),
            anti_selection=anti,
            warnings=[],
            counts=counts,
            n_steps=len(self._records),
            decision_set=dset,
            gain_vs_blind=gain,
            non_finite_scores=sum(r.non_finite for r in self._records.values()),
            interventions=interventions,
            explore=explore,
            tree=tree,
        )
        broken = references_warning(self.references)
        report.warnings = warnings_for(report) + self.extra_warnings + ([broken] if broken else [])
        if self.internal_only and primary is None and with_decisions:
            judged = any(kind == "internal" for _, kind, _ in scorers)
            text = ("the text's own judgements give no informative decision (see above)" if judged
                    else "the text judges none of its options in words")
            report.warnings.append(ReportWarning(
                WarningKind.TEXT_UNJUDGED,
                f"{text}; only the {', '.join(name for name, _, _ in with_decisions)} did, and "
                "a choice the text did not evaluate cannot show search inside it (that scorer's "
                "test is in --json, under by_scorer)"))
        return report

    def _fill_breadth(self, refit: bool) -> None:
        """Breadth of sampled decisions not measured yet, in one vectoriser pass; `refit`
        remeasures all of them in one pass, so the n-gram weights match a batch run."""
        todo = [r for r in self._records.values()
                if r.decisions and (r.wants_breadth or (refit and r.breadth is not None))]
        if not refit:
            todo = [r for r in todo if r.breadth is None]
        values = breadths([next(iter(r.decisions.values()))[0] for r in todo])
        for rec, value in zip(todo, values, strict=True):
            rec.breadth = value
            rec.wants_breadth = False

    def _disagreement(self, by_scorer: dict[str, SelectionStats]) -> Disagreement | None:
        ints = [s for s in by_scorer.values() if s.kind == "internal" and s.n_decisions]
        exts = [s for s in by_scorer.values() if s.kind == "external" and s.n_decisions]
        if not ints or not exts:
            return None
        a, b = ints[0], exts[0]
        pairs: list[tuple[float, float]] = []
        for rec in self._records.values():
            la, lb = rec.decisions.get(a.scorer), rec.decisions.get(b.scorer)
            if not la or not lb:
                continue
            da, db = la[0], lb[0]
            other = dict(zip(db.ids, db.scores, strict=True))
            pairs += [(float(v), float(other[i])) for i, v in zip(da.ids, da.scores, strict=True)
                      if i in other]
        rho = None
        if len(pairs) >= 3:
            x, y = np.array(pairs).T
            if x.min() < x.max() and y.min() < y.max():
                rho = spearman(x, y)
        # one scorer's few decisions may allow no p below ALPHA, whatever the choices: then
        # its "no" is no evidence against the other's "yes"
        testable = all(min_attainable_p(self.decision_set(s.scorer).arrays()) < ALPHA
                       for s in (a, b))
        diverges = testable and (a.p_value < ALPHA) != (b.p_value < ALPHA)
        return Disagreement(
            internal=a.scorer, external=b.scorer,
            u_internal=a.u_bar, u_external=b.u_bar,
            p_internal=a.p_value, p_external=b.p_value,
            rho=rho, diverges=diverges,
        )

