"""What a background pass over the steps collects for the screen: the search card (through the
incremental scorer), simple recorded tallies, each step's class posterior, and final steps.

It imports no Textual: a worker feeds it step views and the UI reads `card_rows()`. The
scorer (scipy, scikit-learn) is imported on the first step, in the worker, not at app start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scaffold.scoring.card_rows import CardRow, field_row, note_row
from scaffold.transcript.steps import StepView
from tui.safe_text import inert
from tui.widgets.posterior import read_posterior

if TYPE_CHECKING:
    from scaffold.scoring import IncrementalScorer
    from scaffold.scoring.report_warnings import ReportWarning


@dataclass
class RecordedTally:
    """Indicators read straight off the record, with no statistics."""

    decisions: int = 0
    candidates: int = 0
    top_picked: int = 0
    judged: int = 0

    def add(self, view: StepView) -> None:
        if view.select is None or len(view.candidates) < 2:
            return
        self.decisions += 1
        self.candidates += len(view.candidates)
        scorer = next((s.scorer for s in view.scores if s.kind == "internal"), None)
        scorer = scorer or (view.scores[0].scorer if view.scores else None)
        values = {
            s.candidate: s.value
            for s in view.scores
            if s.scorer == scorer and s.value is not None and math.isfinite(s.value)
        }
        if len(values) >= 2:
            best = max(values.values())
            self.judged += 1
            self.top_picked += any(values.get(c) == best for c in view.chosen)

    def row(self) -> CardRow:
        if not self.decisions:
            return field_row("Recorded", "no decisions yet (a step with a select over ≥ 2 "
                                         "candidates)")
        mean = self.candidates / self.decisions
        share = f"{self.top_picked / self.judged:.0%}" if self.judged else "n/a"
        return field_row("Recorded", f"{self.decisions} decisions, {mean:.1f} "
                                     f"candidates/decision, top-scored kept in {share}")


@dataclass
class StepScan:
    """Accumulates everything the screen derives from all steps, one step at a time."""

    name: str
    scorer: IncrementalScorer | None = None
    tally: RecordedTally = field(default_factory=RecordedTally)
    posteriors: dict[int, tuple[object, list[float]]] = field(default_factory=dict)
    finals: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)
    """Intervention arms' first steps: what the timeline writes beside them."""
    scanned: int = 0
    scorer_error: str | None = None
    unreadable: list[int] = field(default_factory=list)
    """Steps whose lines failed validation (`DamageShownReader`): left out of the verdict."""
    truncated: bool = False
    """The file's last line was incomplete (set by the app once the file is indexed)."""
    internal_only: bool = False
    """A derived transcript: only the text's own judgements carry the verdict."""

    def add(self, view: StepView) -> None:
        """Never raises for a scorer problem: the card then says why it has no verdict."""
        if self.scorer is None and self.scorer_error is None:
            try:
                from scaffold.scoring import IncrementalScorer

                self.scorer = IncrementalScorer(self.name, internal_only=self.internal_only)
            except Exception as err:
                self.scorer_error = f"scorer unavailable: {type(err).__name__}: {err}"
        if self.scorer is not None:
            try:
                self.scorer.add(view)
            except Exception as err:
                self.scorer, self.scorer_error = None, f"scorer failed: {type(err).__name__}: {err}"
        self.tally.add(view)
        self.scanned += 1
        if any(e.kind == "unreadable" for e in view.errors):
            self.unreadable.append(view.step)
        for fork in view.forks:
            kind = fork.params.get("intervention")
            if kind is not None:
                arm = str(fork.params.get("arm", ""))[:1]
                self.labels[view.step] = inert(f"{kind} {arm}".strip())
        state = view.state
        if state is None:
            return
        if state.final:
            self.finals.add(view.step)
        posterior = read_posterior(dict(state.attrs))
        if posterior is not None:
            self.posteriors[view.step] = (state.attrs.get("t", self.scanned), posterior)

    def card_rows(self, *, final: bool = False) -> list[CardRow]:
        """The scorer's search card, then the recorded tallies."""
        if self.scorer is None:
            return [note_row(self.scorer_error or "scorer: no steps yet"), self.tally.row()]
        from scaffold.scoring import render_card

        self.scorer.extra_warnings = self._damage_warnings()
        try:
            rows = render_card(self.scorer.report(final=final))
        except Exception as err:  # a scorer bug must not take the UI down
            rows = [note_row(f"scorer failed: {type(err).__name__}: {err}")]
        return [*rows, self.tally.row()]

    def _damage_warnings(self) -> list[ReportWarning]:
        """What `info` and `score` would refuse or flag: damaged steps, a cut last line."""
        from scaffold.scoring.report_warnings import ReportWarning, WarningKind

        out = []
        if self.unreadable:
            n = len(self.unreadable)
            out.append(ReportWarning(
                WarningKind.UNREADABLE_STEPS,
                f"{n} step{'s' if n > 1 else ''} unreadable (first: step id "
                f"{self.unreadable[0]}) and left out: `mesascope info` names the lines"))
        if self.truncated:
            out.append(ReportWarning(WarningKind.TRUNCATED,
                                     "transcript is truncated: the last line was incomplete"))
        return out
