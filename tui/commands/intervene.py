"""`mesascope intervene`: paired intervention forks of a recorded run, recorded into it.

The loop is rebuilt from the transcript's header (its family's `config_from_header`), the
recorded steps are read back so they can be forked, and every arm is appended to the same
transcript as it finishes: the run and its interventions then replay as one tree and score as
one report. `--out` appends to a copy instead, for an original that must stay as it was.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from scaffold.errors import InputError
from scaffold.interventions.kinds import Intervention
from scaffold.interventions.run import ArmRun, make_plan, run_plan
from scaffold.loops.runner import LoopRunner
from scaffold.loops.user_code import LoopCodeError
from scaffold.run.registry import family_for_header
from scaffold.run.stops import StopReason
from scaffold.safe_output import check_output, write_output
from scaffold.transcript.events import StepEvent
from scaffold.transcript.reader import read_transcript
from scaffold.transcript.steps import StepView
from tui.commands.run import CLEAR_LINE, parse_settings
from tui.safe_text import inert

T = TypeVar("T")


def run_intervene(
    path: Path, kinds: list[str], at: int | None, seeds: int, headless: bool,
    loop: str | None, settings: list[str], out: Path | None,
) -> None:
    """Check everything that can be checked before a model loads, then record the arms of
    each kind in turn, the model loaded once."""
    interventions = [Intervention.parse(kind) for kind in kinds]
    header, events, truncated = read_transcript(path)
    if truncated:
        raise InputError(f"{path}: the last line is incomplete; new branches cannot be appended")
    if out is not None:
        check_output(out, inputs=[path], force=True)  # all but "exists", said for this command
        if out.exists() or out.is_symlink():
            raise InputError(f"{out}: already exists; choose another --out")
    try:
        family = family_for_header(header, loop)
    except InputError as err:
        raise InputError(f"{path}: {err}") from None
    config = _in_file(path, lambda: family.config_from_header(
        header, parse_settings(settings, {})))
    grouped: dict[int, list[StepEvent]] = {}
    for ev in events:
        grouped.setdefault(ev.step, []).append(ev)
    recorded = {step: StepView.from_events(step, evs) for step, evs in grouped.items()}
    first_seed = (header.seed or 0) + 1
    # what the loop refuses, asked of a loop built without its model where the family can
    preview = family.unloaded(config, header) if family.unloaded is not None else None
    for intervention in interventions:
        _in_file(path, partial(make_plan, preview, recorded, list(recorded), intervention,
                               at=at, seeds=seeds, first_seed=first_seed))
    if not headless:  # before the model loads and anything is written
        from tui.hangup import require_terminal

        require_terminal("intervene", "use --headless to record the arms without one")
    target = path if out is None else out
    built = family.build(config, None)
    if preview is None:
        # what the loop refuses, asked now that it is built and before any copy; the plans run
        # below are made on the runner's tree, whose order sets the order arms are recorded in
        for intervention in interventions:
            _in_file(path, partial(make_plan, built, recorded, list(recorded), intervention,
                                   at=at, seeds=seeds, first_seed=first_seed))
    if target != path:
        _copy(path, target)
    runner = LoopRunner(built, target, append=True)
    try:
        for intervention in interventions:
            plan = make_plan(built, runner.views, runner.tree.order, intervention, at=at,
                             seeds=seeds, first_seed=first_seed)
            total = len(plan.arms)
            arms = total // (len(plan.steps) * len(plan.seeds))
            print(f"{family.name} ({inert(header.scaffold)}) rebuilt from {inert(str(path))}; "
                  f"{intervention.label}: {len(plan.steps)} step(s) x {len(plan.seeds)} seeds x "
                  f"{arms} arms = {total} runs -> {inert(str(target))}", file=sys.stderr)
            _record(runner, built, plan, total)
    finally:
        runner.close()
    if headless:
        _print_block(target)
        return
    from tui.commands.replay import run_replay

    run_replay(target)


def _in_file(path: Path, check: Callable[[], T]) -> T:
    """`check()`, its InputError said of the transcript at `path` (a step `--at` names, a
    recorded setting the loop refuses)."""
    try:
        return check()
    except LoopCodeError:
        raise  # names the loop's file, where the fault is
    except InputError as err:
        raise InputError(f"{path}: {err}") from None


def _copy(path: Path, target: Path) -> None:
    """The whole transcript at `target`, or nothing there (`safe_output.write_output`)."""
    with path.open("rb") as src:
        write_output(target, lambda f: shutil.copyfileobj(src, f), inputs=[path])


def _record(runner: LoopRunner, loop: object, plan: object, total: int) -> None:
    live = sys.stderr.isatty()
    t0 = last = time.perf_counter()

    def on_arm(done: int, arm: ArmRun, stop: StopReason) -> None:
        nonlocal last
        now = time.perf_counter()
        line = (f"run {done}/{total}  {arm.arm} from step {arm.from_step} seed {arm.seed}: "
                f"{stop.steps} steps  {now - t0:.1f} s")
        if live:
            print(f"{CLEAR_LINE}{line}", end="", file=sys.stderr)
        elif now - last >= 5 or done == total:
            print(line, file=sys.stderr)
            last = now

    run_plan(runner, loop, plan, on_arm=on_arm)  # type: ignore[arg-type]
    print(f"{chr(10) if live else ''}done: {total} runs in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)


def _print_block(path: Path) -> None:
    from scaffold.scoring import score_transcript
    from scaffold.scoring.card_interventions import intervention_rows

    report = score_transcript(path)
    print(f"verdict: {report.verdict}")
    for row in intervention_rows(report.interventions):
        print(inert(row.plain()))
