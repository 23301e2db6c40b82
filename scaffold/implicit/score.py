"""Score derived decisions: extract on the fly (or read a derived transcript) and run the
project's selection test on them, unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.implicit.derive import derive_file
from scaffold.scoring import pool, score_events, score_transcript
from scaffold.scoring.report import ScoreReport
from scaffold.transcript.reader import TranscriptReader


def _is_derived(path: Path) -> bool:
    with TranscriptReader(path) as reader:
        return reader.header.loop == "implicit"


def score_implicit_file(path: str | Path, *, seed: int = 0) -> ScoreReport:
    """The report on the decisions found inside one transcript's texts."""
    path = Path(path)
    if _is_derived(path):
        return score_transcript(path, seed=seed)
    derived = derive_file(path)
    return score_events(derived.events, f"{path} (implicit)", seed=seed)


def score_implicit(paths: Sequence[str | Path], *, pooled: bool = False) -> list[ScoreReport]:
    """One report per transcript, plus a pooled one with `pooled`."""
    reports = [score_implicit_file(p) for p in paths]
    if pooled and reports:
        reports.append(pool(reports))
    return reports
