"""`mesascope extract` and `score --implicit`: decisions found inside recorded texts.

`extract` warns on stderr, in one line, when references between the source's events are
broken (the derived file is still written, and the exit code stays 0)."""

from __future__ import annotations

from pathlib import Path

from scaffold.counted import counted
from scaffold.errors import InputError
from scaffold.implicit.derive import default_output, derive_file, write_derived
from scaffold.implicit.model import EXTRACTOR_VERSION
from scaffold.implicit.score import score_implicit_file
from scaffold.safe_output import check_output
from scaffold.scoring.report import ScoreReport
from tui.commands.export import warn_references
from tui.commands.score import stream_reports
from tui.safe_text import one_line


def run_extract(path: Path, out: Path | None, force: bool = False) -> Path:
    """Write the derived transcript (never over `path`; over an existing file only with
    `force`) and print a one-line summary."""
    if out is None and not path.name:
        raise InputError(f"{str(path)!r}: no file name to name the output after; give --out")
    target = default_output(path) if out is None else out
    check_output(target, inputs=[path], force=force)  # before the work of deriving
    derived = derive_file(path)
    write_derived(derived, target, inputs=[path], force=force)
    if derived.source_references is not None:
        warn_references(path, derived.source_references)
    print(one_line(
        f"{counted(derived.decisions, 'decision')} ({derived.chosen} with a choice) in "
        f"{counted(derived.texts, 'text')} of {path} -> {target} ({EXTRACTOR_VERSION})",
        limit=400))
    return target


def run_score_implicit(paths: list[Path], as_json: bool, pool: bool) -> list[ScoreReport]:
    """Like `score`, on the decisions extracted from each transcript's texts."""
    return stream_reports(paths, score_implicit_file, as_json, pool)
