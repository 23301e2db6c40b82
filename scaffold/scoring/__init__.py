"""Search-behaviour scoring over transcript events: does a loop select on its evaluations?"""

from scaffold.scoring.card import render_card
from scaffold.scoring.decisions import Decision, DecisionSet, extract_decisions
from scaffold.scoring.incremental import IncrementalScorer, group_steps
from scaffold.scoring.report import VERDICTS, ScoreReport
from scaffold.scoring.scorer import pool, score_events, score_transcript, score_views

__all__ = [
    "VERDICTS",
    "Decision",
    "DecisionSet",
    "IncrementalScorer",
    "ScoreReport",
    "extract_decisions",
    "group_steps",
    "pool",
    "render_card",
    "score_events",
    "score_transcript",
    "score_views",
]
