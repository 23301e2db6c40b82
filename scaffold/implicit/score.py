"""Score derived decisions: extract on the fly (or read a derived transcript) and run the
project's selection test on them, unchanged.

Several transcripts are extracted and scored in worker processes (`scoring.many`), one
transcript per task; the reports come back in the order of the paths and are the same as a
serial run's (each transcript is scored on its own, with its own seed, and pooling happens
afterwards).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.gc_pause import gc_paused
from scaffold.implicit.derive import derive_file
from scaffold.implicit.model import DERIVED_LOOP
from scaffold.scoring import pool, score_events, score_transcript
from scaffold.scoring.many import iter_reports
from scaffold.scoring.report import ScoreReport
from scaffold.scoring.scorer import system_of
from scaffold.transcript.reader import TranscriptReader


def _is_derived(path: Path) -> bool:
    with TranscriptReader(path) as reader:
        return reader.header.loop == DERIVED_LOOP


def score_implicit_file(path: str | Path, *, seed: int = 0) -> ScoreReport:
    """The report on the decisions found inside one transcript's texts."""
    path = Path(path)
    if _is_derived(path):
        return score_transcript(path, seed=seed)
    with gc_paused():  # many objects allocated: collected once afterwards, not rescanned
        derived = derive_file(path)
        report = score_events(derived.events, f"{path} (implicit)", seed=seed,
                              internal_only=True)
        report.system = system_of(derived.header)
        del derived  # freed now, so the collection the pause put off does not scan it
    return report


def score_implicit(paths: Sequence[str | Path], *, pooled: bool = False,
                   workers: int | None = None) -> list[ScoreReport]:
    """One report per transcript, plus a pooled one with `pooled`. `workers` defaults to
    `workers_for(paths)`; 1 scores everything in this process."""
    reports = list(iter_reports(paths, score_implicit_file, workers))
    if pooled and reports:
        reports.append(pool(reports))
    return reports
