"""`mesascope report DIR --format html|md [--out FILE] [--by COLUMN] [--force]`: a sweep's
pooled verdicts, ū with CIs, verdict shares, solved rate and compute, with plots.

Outputs go through the export guard (`scaffold.safe_output`): never the index or a run file,
never an existing file without `force`, never a missing directory; all or nothing. Runs whose
transcripts are missing or damaged are named in the report and on stderr, and exit code 2.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import quote

from scaffold.counted import counted
from scaffold.errors import InputError
from scaffold.safe_output import check_output, write_data
from scaffold.sweep.index import INDEX_NAME, RUNS_DIR
from scaffold.sweep.plots import PLOTS, all_plots
from scaffold.sweep.report_render import render_html, render_markdown
from scaffold.sweep.summary import SweepSummary, load_sweep, summarise_sweep

SHOWN_PROBLEMS = 5
"""Skipped runs named on the stderr line; the report names them all."""


def run_report(directory: Path, fmt: str, out: Path | None, by: list[str],
               force: bool = False) -> None:
    if fmt not in ("html", "md"):
        raise InputError(f"--format: expected html or md, got {fmt!r}")
    plots_dir = out.with_name(f"{out.stem}-plots") if out is not None and fmt == "md" else None
    inputs = sweep_inputs(directory)
    if out is not None:
        check_output(out, inputs=inputs, force=force)
    if plots_dir is not None:
        _check_plots_dir(plots_dir, inputs, force)
    summary = summarise_sweep(directory, by)
    if out is None:
        sys.stdout.write(render_html(summary) if fmt == "html" else render_markdown(summary))
        sys.stdout.flush()
    elif plots_dir is None:
        text = render_html(summary)
        write_data(out, text.encode(), inputs=inputs, force=force)
    else:
        _write_markdown(summary, out, plots_dir, inputs, force)
    done = f"report: {len(summary.rows)} runs in {len(summary.groups)} groups"
    done += f" -> {out}" if out is not None else ""
    if summary.problems:
        raise InputError(f"{done}; {skipped_line(summary)}")
    if out is not None:
        print(done, file=sys.stderr)


def sweep_inputs(directory: Path) -> list[Path]:
    """What a report must never overwrite: the index, the run files and every row's transcript."""
    rows = load_sweep(directory)
    runs = directory / RUNS_DIR
    files = sorted(runs.iterdir()) if runs.is_dir() else []
    named = [directory / r["transcript"] for r in rows if r.get("transcript")]
    return [directory / INDEX_NAME, *files, *named]


def skipped_line(summary: SweepSummary) -> str:
    """The skipped runs on one line: how many, and the first few by run and problem."""
    problems = summary.problems
    named = "; ".join(f"{p.run} ({p.transcript}): {p.problem}"
                      for p in problems[:SHOWN_PROBLEMS])
    more = f"; and {len(problems) - SHOWN_PROBLEMS} more" if len(problems) > SHOWN_PROBLEMS else ""
    return (f"{counted(len(problems), 'run')} left out, their transcripts missing or damaged "
            f"(listed in the report): {named}{more}")


def _check_plots_dir(plots_dir: Path, inputs: list[Path], force: bool) -> None:
    if plots_dir.is_symlink() or (plots_dir.exists() and not plots_dir.is_dir()):
        raise InputError(f"{plots_dir}: the plots' folder exists and is not a plain directory")
    if plots_dir.is_dir():
        for name in PLOTS:
            check_output(plots_dir / f"{name}.svg", inputs=inputs, force=force)


def _write_markdown(summary: SweepSummary, out: Path, plots_dir: Path, inputs: list[Path],
                    force: bool) -> None:
    """The plots into `plots_dir`, then the Markdown; a failure removes a folder made here."""
    plots = all_plots(summary)
    links = {name: quote(f"{plots_dir.name}/{name}.svg") for name in plots}
    text = render_markdown(summary, links)
    made = not plots_dir.exists()
    try:
        if made:
            _mkdir(plots_dir)
        for name, svg in plots.items():
            write_data(plots_dir / f"{name}.svg", svg.encode(), inputs=inputs,
                       force=force)
        write_data(out, text.encode(), inputs=inputs, force=force)
    except BaseException:
        if made:
            shutil.rmtree(plots_dir, ignore_errors=True)
        raise


def _mkdir(path: Path) -> None:
    try:
        path.mkdir()
    except OSError as err:
        raise InputError(f"{path}: cannot make the plots' folder: {err.strerror}") from None
