"""Caveats about the data behind a verdict, each with a kind to filter on and a sentence to show.

The JSON report carries the sentence only (`warnings` is a list of strings), so a warning read
back from JSON has the kind `other`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from scaffold.counted import counted
from scaffold.scoring.labels import Regime
from scaffold.transcript.references import ReferenceCheck

if TYPE_CHECKING:
    from scaffold.scoring.decisions import ExtractionCounts
    from scaffold.scoring.report import ScoreReport


class WarningKind(StrEnum):
    NO_SCORES = "no-scores"
    NO_SELECTIONS = "no-selections"
    NON_FINITE_SCORES = "non-finite-scores"
    KEPT_UNSCORED = "kept-unscored"
    LOW_COVERAGE = "low-coverage"
    ALL_TIED = "all-tied"
    ALL_KEPT = "all-kept"
    NO_SCORED_CHOICE = "no-scored-choice"
    ANTI_SELECTION = "anti-selection"
    APPROXIMATE_BETA = "approximate-beta"
    FEW_DECISIONS = "few-decisions"
    SCORERS_DISAGREE = "scorers-disagree"
    TRUNCATED = "truncated"
    NOT_EVALUATED = "not-evaluated"
    INELIGIBLE = "ineligible"
    MIXED_SYSTEMS = "mixed-systems"
    POOL_LEFT_OUT = "pool-left-out"
    BROKEN_REFERENCES = "broken-references"
    UNREADABLE_STEPS = "unreadable-steps"
    TEXT_UNJUDGED = "text-unjudged"
    OTHER = "other"


@dataclass(frozen=True)
class ReportWarning:
    """One caveat; `str()` and `in` see its sentence."""

    kind: WarningKind
    text: str

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:
        return part in self.text


def _from_json(value: Any) -> Any:
    return ReportWarning(WarningKind.OTHER, value) if isinstance(value, str) else value


WarningText = Annotated[
    ReportWarning,
    BeforeValidator(_from_json),
    PlainSerializer(lambda w: w.text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string"}),
]
"""A `ReportWarning` that is its sentence in JSON."""


def warnings_for(report: ScoreReport) -> list[ReportWarning]:
    """Plain-language caveats about the data behind the verdict."""
    out: list[ReportWarning] = []

    def add(kind: WarningKind, text: str) -> None:
        out.append(ReportWarning(kind, text))

    c, sel = report.counts, report.selection
    name = sel.scorer if sel else "the scorer"
    left_out = f"scored selections were recorded, but none is informative ({_why_left_out(c)})"
    if report.regime == Regime.STATES_ONLY:
        finite = "finite " if report.non_finite_scores else ""
        add(WarningKind.NO_SCORES,
            f"{left_out}: search cannot be identified" if c.scored else
            f"no {finite}scores or objective recorded: search cannot be identified")
    elif report.regime == Regime.PROGRESS_ONLY:
        add(WarningKind.NO_SELECTIONS,
            f"{left_out}: search cannot be tested, only progress" if c.scored else
            "no scored selections recorded: search cannot be tested, only progress")
    if report.non_finite_scores:
        add(WarningKind.NON_FINITE_SCORES,
            f"{counted(report.non_finite_scores, 'non-finite score')} ignored (NaN or ±infinity)")
    if c.chosen_unscored:
        add(WarningKind.KEPT_UNSCORED,
            f"{counted(c.chosen_unscored, 'kept candidate')} had no score from {name}")
    if report.coverage is not None and report.coverage < 0.5:
        add(WarningKind.LOW_COVERAGE,
            f"evaluation coverage is low ({report.coverage:.0%} of candidates scored)")
    if c.all_tied:
        add(WarningKind.ALL_TIED, f"{counted(c.all_tied, 'decision')} left out: all scores tied")
    if c.all_kept:
        add(WarningKind.ALL_KEPT,
            f"{counted(c.all_kept, 'decision')} left out: every scored candidate was kept")
    if c.no_scored_choice:
        add(WarningKind.NO_SCORED_CHOICE,
            f"{counted(c.no_scored_choice, 'decision')} left out: no kept candidate was scored")
    if report.anti_selection and sel and sel.u_bar is not None:
        add(WarningKind.ANTI_SELECTION, f"selects against its evaluation (ū = {sel.u_bar:.2f}, "
                                        f"lower-tail p = {sel.p_lower:.3g})")
    if sel and sel.beta_approximate:
        add(WarningKind.APPROXIMATE_BETA, "β̂ is approximate: more than 6 kept at some decision")
    if sel and 0 < sel.n_decisions < 5:
        add(WarningKind.FEW_DECISIONS,
            f"only {sel.n_decisions} decision{'' if sel.n_decisions == 1 else 's'}: pool runs "
            "of the same system (--pool)")
    skipped = {"forced first visits": c.forced, "random choices": c.random_choice,
               "budget stops": c.budget_stop}
    if any(skipped.values()):
        parts = ", ".join(f"{n} {what}" for what, n in skipped.items() if n)
        add(WarningKind.NOT_EVALUATED, f"choices not made on evaluations left out: {parts}")
    if c.ineligible:
        add(WarningKind.INELIGIBLE,
            f"{c.ineligible} ineligible candidates left out of the choice sets")
    if report.disagreement and report.disagreement.get("diverges"):
        add(WarningKind.SCORERS_DISAGREE,
            "internal and external evaluations disagree about selection")
    return out


def _why_left_out(c: ExtractionCounts) -> str:
    """Why no scored selection was a decision, said where it is asked (a card may show no
    other warning: a selection with one scored candidate is left out without a count)."""
    skipped = c.forced + c.random_choice + c.budget_stop
    reasons = [f"{counted(n, 'decision')} {what}" for n, what in (
        (c.all_tied, "with all scores tied"), (c.all_kept, "keeping every scored candidate"),
        (c.no_scored_choice, "keeping no scored candidate")) if n]
    if skipped:
        reasons.append(f"{counted(skipped, 'choice')} not made on evaluations")
    return "; ".join(reasons) or "none had two scored candidates to choose between"


def references_warning(check: ReferenceCheck) -> ReportWarning | None:
    """The transcript's broken references between events as one warning, or None."""
    text = check.summary()
    return ReportWarning(WarningKind.BROKEN_REFERENCES, text) if text else None
