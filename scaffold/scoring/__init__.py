"""Search-behaviour scoring over transcript events: does a loop select on its evaluations?

Names load on first use, so the TUI can import the light modules (`card_rows`, `labels`) at
start without the statistics stack (scipy, scikit-learn).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scaffold.scoring.card import render_card
    from scaffold.scoring.card_rows import CardRow, RowKind
    from scaffold.scoring.decisions import Decision, DecisionSet, extract_decisions
    from scaffold.scoring.incremental import IncrementalScorer, group_steps
    from scaffold.scoring.labels import ProcessType, Regime, Verdict
    from scaffold.scoring.report import VERDICTS, ScoreReport
    from scaffold.scoring.report_warnings import ReportWarning, WarningKind
    from scaffold.scoring.schema import report_json_schema
    from scaffold.scoring.scorer import pool, score_events, score_transcript, score_views

_HOME = {
    "render_card": "card",
    "CardRow": "card_rows", "RowKind": "card_rows",
    "Decision": "decisions", "DecisionSet": "decisions", "extract_decisions": "decisions",
    "IncrementalScorer": "incremental", "group_steps": "incremental",
    "ProcessType": "labels", "Regime": "labels", "Verdict": "labels",
    "VERDICTS": "report", "ScoreReport": "report",
    "ReportWarning": "report_warnings", "WarningKind": "report_warnings",
    "report_json_schema": "schema",
    "pool": "scorer", "score_events": "scorer", "score_transcript": "scorer",
    "score_views": "scorer",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "VERDICTS",
    "CardRow",
    "Decision",
    "DecisionSet",
    "IncrementalScorer",
    "ProcessType",
    "Regime",
    "ReportWarning",
    "RowKind",
    "ScoreReport",
    "Verdict",
    "WarningKind",
    "extract_decisions",
    "group_steps",
    "pool",
    "render_card",
    "report_json_schema",
    "score_events",
    "score_transcript",
    "score_views",
]
