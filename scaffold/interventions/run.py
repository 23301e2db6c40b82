"""Run an intervention on a recorded transcript: paired forks from its decision steps.

For each chosen step and each of N seeds, two forks are recorded in the same transcript: the
intervened arm (its selections read the replaced scores, or its objective is the new one) and
a control arm (unchanged, same step, same seed). Each fork's `fork` event names the
intervention, the arm and the pair's seed in its `params`; every arm's final state carries the
outcome (`outcome`, `outcome_solved`) judged on the objective the comparison is about (the new
one for `retarget`), so `mesascope score` can compare the arms from the events alone.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from scaffold.errors import InputError
from scaffold.interventions.critique import CritiqueEdit
from scaffold.interventions.kinds import (
    INTERVENED_PREFIX,
    PARAM_ARM,
    PARAM_KIND,
    PARAM_PAIR,
    Arm,
    Intervention,
    Kind,
    ReplaceScores,
    resolve_scorer,
)
from scaffold.loops.base import Loop, StepEvents
from scaffold.loops.hooks import Intervenable, Retargetable
from scaffold.loops.runner import LoopRunner
from scaffold.loops.user_code import loop_code
from scaffold.run.drive import StepsCallback, drive
from scaffold.run.stops import StopReason
from scaffold.transcript.events import ForkEvent, StateEvent
from scaffold.transcript.steps import StepView

DEFAULT_SEEDS = 8


@dataclass(frozen=True)
class ArmRun:
    """One fork to record: from which step, with which seed, in which arm."""

    from_step: int
    seed: int
    arm: Arm


@dataclass(frozen=True)
class Plan:
    """An intervention, the steps it forks from and the seeds of its pairs."""

    intervention: Intervention
    steps: tuple[int, ...]
    seeds: tuple[int, ...]
    swap_to: str = ""

    @property
    def arms(self) -> list[ArmRun]:
        names = [Arm.INTERVENED, Arm.CONTROL]
        if self.intervention.kind == Kind.CRITIQUE:
            names.append(Arm.REFERENCE)
        return [ArmRun(step, seed, arm) for step in self.steps for seed in self.seeds
                for arm in names]


def main_branch(views: dict[int, StepView], order: list[int]) -> list[int]:
    """Steps of the first branch: those with no fork at or above them."""
    forked: dict[int, bool] = {}
    out = []
    for step in order:
        view = views[step]
        parent = view.parent
        forked[step] = bool(view.forks) or (parent is not None and forked.get(parent, False))
        if not forked[step]:
            out.append(step)
    return out


def is_decision(view: StepView) -> bool:
    return view.select is not None and len(view.candidates) >= 2


def _forkable(view: StepView, intervention: Intervention) -> bool:
    if intervention.kind == Kind.RETARGET:
        return view.state is not None and not view.state.final
    return is_decision(view)


def recorded_scorers(views: dict[int, StepView]) -> dict[str, str]:
    """Scorer name -> kind over the decisions (replaced scores left out)."""
    found: dict[str, str] = {}
    for view in views.values():
        if is_decision(view):
            for s in view.scores:
                if not s.scorer.startswith(INTERVENED_PREFIX):
                    found.setdefault(s.scorer, s.kind)
    return found


def make_plan(
    loop: Loop | None, views: dict[int, StepView], order: list[int],
    intervention: Intervention, *, at: int | None = None, seeds: int = DEFAULT_SEEDS,
    first_seed: int = 1,
) -> Plan:
    """Pick the steps and seeds of an intervention on recorded `views` (in `order`) and, when
    the `loop` is given, check that it supports it. InputError (one line) for a step without
    a decision, a scorer not recorded, or a value the task cannot take."""
    if not 1 <= seeds <= 10_000:
        raise InputError(f"--seeds: must be 1 to 10000, got {seeds}")
    swap_to = ""
    if intervention.kind == Kind.SWAP:
        swap_to = resolve_scorer(intervention.arg, recorded_scorers(views))
    # the loop's own hooks (a user's loop may raise in them) are blamed on its file
    with nullcontext() if loop is None else loop_code(type(loop)):
        steps = _plan_steps(loop, views, order, intervention, at)
    return Plan(intervention, tuple(steps), tuple(range(first_seed, first_seed + seeds)),
                swap_to)


def _plan_steps(loop: Loop | None, views: dict[int, StepView], order: list[int],
                intervention: Intervention, at: int | None) -> list[int]:
    """The steps `make_plan` intervenes on, checked against the loop's hooks."""
    can_fork = getattr(loop, "forkable", None)
    if loop is not None:
        check_loop(loop, intervention)
    if at is not None:
        view = views.get(at)
        if view is None:
            raise InputError(f"--at {at}: no such step in the transcript")
        if not _forkable(view, intervention):
            what = "no state to retarget" if intervention.kind == Kind.RETARGET else "no decision"
            raise InputError(f"--at {at}: step {at} has {what}")
        if callable(can_fork) and not can_fork(view, intervention.replaces_scores):
            raise InputError(f"--at {at}: this loop cannot resume step {at}")
        steps = [at]
    else:
        steps = [s for s in main_branch(views, order) if _forkable(views[s], intervention)
                 and (not callable(can_fork)
                      or can_fork(views[s], intervention.replaces_scores))]
        if not steps:
            what = "state to retarget" if intervention.kind == Kind.RETARGET else "decision step"
            raise InputError(f"the main branch has no {what} to intervene on")
    return steps


def check_loop(loop: Loop, intervention: Intervention) -> None:
    """InputError unless `loop` declares the hook the intervention needs (and, for a retarget,
    takes the value)."""
    if intervention.kind == Kind.RETARGET:
        if not isinstance(loop, Retargetable):
            raise InputError(f"retarget: the {loop.header.scaffold} loop has no objective "
                             "to change")
        loop.retarget(intervention.arg)
    elif intervention.kind == Kind.CRITIQUE:
        if not getattr(loop, "reads_notes", False):
            raise InputError(f"critique: the {loop.header.scaffold} loop reads no critique it "
                             "wrote (refine does)")
    elif not isinstance(loop, Intervenable):
        raise InputError(f"--kind {intervention.label}: the {loop.header.scaffold} loop "
                         "declares no select_scores hook")


def branch_loop(loop: Loop, plan: Plan, arm: ArmRun) -> Loop:
    """The loop an arm forks: a copy with the replaced scores installed (acting only in the
    intervened arm), the retargeted loop, or the loop itself (a retarget's control)."""
    iv = plan.intervention
    if iv.kind == Kind.RETARGET:
        return loop.retarget(iv.arg) if arm.arm == Arm.INTERVENED else loop  # type: ignore[attr-defined]
    branch = copy.copy(loop)
    if iv.kind == Kind.CRITIQUE:
        branch.edit_note = CritiqueEdit(str(arm.arm))  # type: ignore[attr-defined]
        return branch
    branch.select_scores = ReplaceScores(  # type: ignore[attr-defined]
        iv, arm.seed, acts=arm.arm == Arm.INTERVENED, swap_to=plan.swap_to)
    return branch


def _judge_of(loop: Loop, plan: Plan) -> Callable[[StateEvent], Any] | None:
    judge_loop = loop
    if plan.intervention.kind == Kind.RETARGET:
        judge_loop = loop.retarget(plan.intervention.arg)  # type: ignore[attr-defined]
    judge = getattr(judge_loop, "judge", None)
    return judge if callable(judge) else None


def _labelled(
    branch: Iterator[StepEvents], label: dict[str, Any],
    judge: Callable[[StateEvent], Any] | None,
) -> Iterator[StepEvents]:
    """The arm's steps with the intervention named in its fork event and the outcome on its
    final state."""
    for events in branch:
        out: StepEvents = []
        for ev in events:
            if isinstance(ev, ForkEvent):
                ev = ev.model_copy(update={"params": {**ev.params, **label}})
            elif isinstance(ev, StateEvent) and ev.final and judge is not None:
                outcome = judge(ev)
                ev = ev.model_copy(update={"attrs": {
                    **ev.attrs, "outcome": outcome.objective, "outcome_solved": outcome.solved}})
            out.append(ev)
        yield out


ArmCallback = Callable[[int, ArmRun, StopReason], None]


def run_plan(
    runner: LoopRunner, loop: Loop, plan: Plan, *, on_arm: ArmCallback | None = None,
    on_steps: StepsCallback | None = None, pause: threading.Event | None = None,
) -> int:
    """Record every arm of `plan` into the runner's transcript, each as it runs; `on_arm`
    hears each arm as soon as it is recorded. Returns the number of arms recorded (fewer than
    planned when `pause` was set)."""
    judge = _judge_of(loop, plan)
    done = 0
    for arm in plan.arms:
        if pause is not None and pause.is_set():
            break
        branch = branch_loop(loop, plan, arm)
        origin = runner.views[arm.from_step]
        label = {PARAM_KIND: plan.intervention.label, PARAM_ARM: str(arm.arm),
                 PARAM_PAIR: arm.seed}
        runner.activate(_labelled(branch.fork(origin, runner.ids, arm.seed, {}), label, judge))
        stop = drive(runner, stop_on_error=False, on_steps=on_steps)
        done += 1
        if on_arm is not None:
            on_arm(done, arm, stop)
    return done
