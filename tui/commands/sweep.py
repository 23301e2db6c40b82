"""`mesascope sweep SPEC.toml --out DIR`: expand, validate, then run every run on Ray with
one progress line on stderr. The work is the engine's (`scaffold.sweep`); this prints."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from scaffold.errors import InputError
from scaffold.sweep.plan import plan_sweep
from scaffold.sweep.ray_run import SweepProgress

CLEAR_LINE = "\r\x1b[K"
LOG_EVERY_S = 5.0


def run_sweep(
    spec: Path, out: Path, *, workers: int | None, address: str | None, retry_failed: bool,
    dry_run: bool, sync: bool,
) -> None:
    if workers is not None and not 1 <= workers <= 10_000:
        raise InputError(f"--workers: must be 1 to 10000, got {workers}")
    plan = plan_sweep(spec, out, retry_failed=retry_failed)
    skipped = len(plan.jobs) - len(plan.todo)
    print(f"{spec}: {len(plan.jobs)} runs ({skipped} finished, {len(plan.todo)} to run) "
          f"-> {out}", file=sys.stderr)
    if dry_run or not plan.todo:
        return
    from scaffold.sweep.ray_run import default_workers, run_on_ray, start_ray, stop_ray

    wanted = workers or plan.spec.resources.workers or 0
    # Ray first: an --address that answers nothing fails before DIR is made.
    start_ray(address, wanted or 1, plan.spec.resources.cpus)
    try:
        out.mkdir(parents=True, exist_ok=True)
        n = wanted or default_workers(plan.spec.resources.cpus)
        line = ProgressLine()
        final = run_on_ray(plan, workers=n, sync=sync, on_progress=line.show)
        line.finish(final, out)
    finally:
        stop_ray()


class ProgressLine:
    """Redrawn in place on a terminal; a line every few seconds otherwise (logs, CI)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.last = 0.0

    def show(self, p: SweepProgress) -> None:
        text = progress_text(p)
        if self.live:
            print(f"{CLEAR_LINE}{text}", end="", file=sys.stderr, flush=True)
        elif time.monotonic() - self.last >= LOG_EVERY_S:
            print(text, file=sys.stderr, flush=True)
            self.last = time.monotonic()

    def finish(self, p: SweepProgress, out: Path) -> None:
        lead = CLEAR_LINE if self.live else ""
        print(f"{lead}done: {p.done} runs ({p.failed} failed) in {p.elapsed_s:.1f} s "
              f"-> {out / 'index.csv'}", file=sys.stderr)


def progress_text(p: SweepProgress) -> str:
    eta = "?" if p.eta_s is None else _clock(p.eta_s)
    todo = p.total - p.skipped
    return (f"done {p.done}/{todo}  failed {p.failed}  running {p.running}  "
            f"ETA {eta}")


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
