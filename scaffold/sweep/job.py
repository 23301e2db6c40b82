"""One run of a sweep, start to finish, as a row of the index. Failures are data.

The transcript is written to `runs/<id>.jsonl.part` and renamed to `runs/<id>.jsonl` when
the run has ended, so a complete-looking name is never a run cut short by a kill. A run that
raises keeps what it recorded, and its row says `failed` with the exception.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from scaffold.loops.runner import LoopRunner
from scaffold.run.drive import drive
from scaffold.run.stops import one_line
from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.expand import Job
from scaffold.sweep.index import RUNS_DIR, Row
from scaffold.transcript.events import ErrorEvent, MetricsEvent, StateEvent, StepEvent
from scaffold.transcript.reader import read_transcript

ERROR_WIDTH = 300


def transcript_path(out: Path, run: str) -> Path:
    return out / RUNS_DIR / f"{run}.jsonl"


def run_job(job: Job, out: Path, builder: CachedBuilder, *, score: bool = True) -> Row:
    """Build, drive to the end, rename, summarise and score; never raises for the run's own
    failures (they go in the row). `wall_s` leaves out loading a model, which the worker
    does once for many runs."""
    final = transcript_path(out, job.run_id)
    part = final.with_name(final.name + ".part")
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in (final, part):
        stale.unlink(missing_ok=True)
    t0 = time.perf_counter()
    error = ""
    runner: LoopRunner | None = None
    try:
        # One fsync per run, at close: a kill leaves a .part file, which is rerun anyway.
        runner = LoopRunner(builder.build(job.loop, job.values), part, step_sync=False)
        drive(runner, stop_on_error=False)
    except Exception as err:
        error = one_line(f"{type(err).__name__}: {err}", ERROR_WIDTH)
    finally:
        if runner is not None:
            try:
                runner.writer.sync()  # on disk before the rename names it finished
            finally:
                runner.close()
    wall = time.perf_counter() - t0 - builder.load_s
    row: Row = {"run": job.run_id, **job.columns, "status": "failed" if error else "ok",
                "error": error, "wall_s": f"{wall:.3f}"}
    if part.exists():
        os.replace(part, final)
        row["transcript"] = f"{RUNS_DIR}/{final.name}"
        try:
            row.update(summarise(final, score))
        except Exception as err:
            row["status"] = "failed"
            row["error"] = error or one_line(f"scoring: {type(err).__name__}: {err}", ERROR_WIDTH)
    return row


def summarise(path: Path, score: bool) -> Row:
    """Compute and solved from the transcript, and the verdict when `score`; the file is read
    once for both."""
    _, events, truncated = read_transcript(path)
    tokens = sum(ev.tokens or 0 for ev in events if isinstance(ev, MetricsEvent))
    nfe = sum(ev.nfe or 0 for ev in events if isinstance(ev, MetricsEvent))
    errors = sum(isinstance(ev, ErrorEvent) for ev in events)
    states = [ev for ev in events if isinstance(ev, StateEvent)]
    row: Row = {"tokens": str(tokens), "nfe": str(nfe), "errors": str(errors),
                "solved": _solved(states)}
    if score:
        row.update(score_columns(path, None if truncated else events))
    return row


def _solved(states: list[StateEvent]) -> str:
    """true/false from the loop's `solved` attr; else a final state at objective 1."""
    flags = [s.attrs["solved"] for s in states if isinstance(s.attrs.get("solved"), bool)]
    if flags:
        return "true" if any(flags) else "false"
    finals = [s.attrs.get("objective") for s in states if s.final]
    if not finals:
        return ""
    return "true" if any(isinstance(v, int | float) and v >= 1.0 for v in finals) else "false"


def score_columns(path: Path, events: list[StepEvent] | None = None) -> Row:
    """The verdict columns of the transcript at `path`, scored from `events` when the caller
    has read them already (a whole file: a truncated one is scored from the path, which
    warns about it)."""
    from scaffold.gc_pause import gc_paused
    from scaffold.scoring.scorer import score_events, score_transcript

    with gc_paused():
        scored = (score_transcript(path) if events is None
                  else score_events(events, str(path)))
    report: dict[str, Any] = scored.to_dict()
    sel = report.get("selection") or {}
    ci = sel.get("u_ci") or [None, None]
    return {"verdict": str(report["verdict"]), "regime": str(report["regime"]),
            "n_decisions": str(report["n_decisions"]), "u_bar": _num(sel.get("u_bar")),
            "u_lo": _num(ci[0]), "u_hi": _num(ci[1]), "p_value": _num(sel.get("p_value"))}


def warm_imports(score: bool) -> None:
    """Import what a run imports on first use (the scoring stack: scipy and scikit-learn take
    seconds), so a worker pays it before its first run rather than during it."""
    if score:
        import scaffold.scoring.scorer  # noqa: F401


def _num(value: object) -> str:
    return f"{value:.6g}" if isinstance(value, int | float) else ""
