"""`mesascope extract` and `score --implicit`: decisions found inside recorded texts."""

from __future__ import annotations

from pathlib import Path

from scaffold.implicit.derive import default_output, derive_file, write_derived
from scaffold.implicit.model import EXTRACTOR_VERSION
from scaffold.implicit.score import score_implicit_file
from scaffold.scoring.report import ScoreReport
from tui.commands.score import stream_reports
from tui.safe_text import one_line


def run_extract(path: Path, out: Path | None) -> Path:
    """Write the derived transcript and print a one-line summary."""
    derived = derive_file(path)
    target = out or default_output(path)
    write_derived(derived, target)
    print(one_line(
        f"{derived.decisions} decisions ({derived.chosen} with a choice) in {derived.texts} "
        f"texts of {path} -> {target} ({EXTRACTOR_VERSION})", limit=400))
    return target


def run_score_implicit(paths: list[Path], as_json: bool, pool: bool) -> list[ScoreReport]:
    """Like `score`, on the decisions extracted from each transcript's texts."""
    return stream_reports(paths, score_implicit_file, as_json, pool)
