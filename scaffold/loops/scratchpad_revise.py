"""Free iterative revision, the no-search baseline: the model reads its scratchpad and writes the
next plan, which becomes the scratchpad. Each step records its one plan as a candidate (with its
tokens), scored by the model itself and by the verifier, and no select: nothing is chosen
between, so the scorer finds no decisions, only a trend in the states' objective.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.scratchpad_context import LoopContext
from scaffold.loops.scratchpad_step import Branch, StepRecorder, derive_seed
from scaffold.transcript.events import Attrs, Candidate, CandidatesEvent, StateEvent

EMPTY_PAD = "(empty)"


def run_revise(ctx: LoopContext, ids: StepIds, branch: Branch) -> Iterator[StepEvents]:
    origin = branch.origin
    pad = (origin.text or EMPTY_PAD) if origin else EMPTY_PAD
    level = origin.attrs.get("level", 0) if origin else 0
    level = level if isinstance(level, int) else 0
    parent = origin.step if origin else None
    pad_id = origin.attrs.get("plan_id") if origin else None
    cache: dict[str, Any] = {}
    for k in range(ctx.config.steps):
        step = branch.first_step if (k == 0 and branch.first_step is not None) else ids.take()
        rec = StepRecorder(step, ctx.model, branch.prefix if k == 0 else None)
        final = k == ctx.config.steps - 1 and k > 0
        attrs = _pad_attrs(ctx, rec, pad, level, branch.seed, cache)
        if isinstance(pad_id, str):
            attrs["plan_id"] = pad_id
        if final:
            attrs["answer"] = pad
        rec.add(StateEvent(step=step, parent=parent, text=pad, final=final, attrs=attrs))
        if final:
            yield rec.finish()
            return
        messages = ctx.prompts.solve() if pad == EMPTY_PAD else ctx.prompts.scratchpad(pad)
        gens = rec.generate(messages, ctx.sampling(1, derive_seed(branch.seed, level, "plan")),
                            "write the next plan")
        if not gens:
            yield rec.finish()
            return
        plan = Candidate(id=f"{step}.0", text=gens[0].text.strip() or EMPTY_PAD,
                         parent=pad_id if isinstance(pad_id, str) else None,
                         tokens=gens[0].tokens or None,
                         attrs={"role": "plan", **gens[0].reasoning_attrs()})
        rec.add(CandidatesEvent(step=step, candidates=[plan]))
        _score_plan(ctx, rec, plan, branch.seed, level, cache)
        yield rec.finish()
        pad, pad_id = plan.text or EMPTY_PAD, plan.id
        parent, level = step, level + 1


def _self_eval(
    ctx: LoopContext, rec: StepRecorder, pad: str, seed: int, level: int, cache: dict[str, Any]
) -> tuple[float | None, str]:
    return ctx.self_eval(rec, ctx.prompts.judge(pad), derive_seed(seed, level, "judge"), cache,
                         pad)


def _score_plan(
    ctx: LoopContext, rec: StepRecorder, plan: Candidate, seed: int, level: int,
    cache: dict[str, Any],
) -> None:
    text = plan.text or ""
    internal = _self_eval(ctx, rec, text, seed, level, cache) if ctx.config.self_eval else None
    ctx.record_scores(rec, plan.id, internal, ctx.task.attempt_score(text))


def _pad_attrs(
    ctx: LoopContext, rec: StepRecorder, pad: str, level: int, seed: int, cache: dict[str, Any]
) -> Attrs:
    attrs: Attrs = {"level": level}
    if pad == EMPTY_PAD:
        return attrs
    score = ctx.task.attempt_score(pad)
    if score is not None and score.value is not None:
        attrs.update({"objective": score.value, "solved": score.solved,
                      "objective_detail": score.detail})
    if ctx.config.self_eval:
        value, detail = _self_eval(ctx, rec, pad, seed, level, cache)
        if value is not None:
            attrs["self_eval"] = value
        attrs["self_eval_detail"] = detail
    return attrs
