"""`mesascope score`: the search verdict and its evidence for one or more transcripts."""

from __future__ import annotations

from pathlib import Path

from scaffold.scoring import pool as pool_reports
from scaffold.scoring import render_card, score_transcript
from scaffold.scoring.report import ScoreReport
from tui.safe_text import inert


def run_score(paths: list[Path], as_json: bool, pool: bool) -> list[ScoreReport]:
    """Print a card (or a JSON line) per transcript, and a pooled one with `pool`."""
    reports = [score_transcript(p) for p in paths]
    if pool and reports:
        reports.append(pool_reports(reports))
    print_reports(reports, as_json)
    return reports


def print_reports(reports: list[ScoreReport], as_json: bool) -> None:
    """One JSON line per report, or the cards (inert text) separated by blank lines."""
    for i, report in enumerate(reports):
        if as_json:
            print(report.to_json())
            continue
        if i:
            print()
        for row in render_card(report):
            print(inert(row.plain()))
