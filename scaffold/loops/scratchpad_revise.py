"""Free iterative revision, the no-search baseline: the model reads its scratchpad and writes the
next plan, which becomes the scratchpad. One plan per step, nothing to choose between, so steps
record states only (with the verifier's objective and, optionally, the model's self-evaluation).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.scratchpad_context import LoopContext
from scaffold.loops.scratchpad_step import Branch, StepRecorder, derive_seed
from scaffold.transcript.events import Attrs, StateEvent

EMPTY_PAD = "(empty)"


def run_revise(ctx: LoopContext, ids: StepIds, branch: Branch) -> Iterator[StepEvents]:
    origin = branch.origin
    pad = (origin.text or EMPTY_PAD) if origin else EMPTY_PAD
    level = origin.attrs.get("level", 0) if origin else 0
    level = level if isinstance(level, int) else 0
    parent = origin.step if origin else None
    cache: dict[str, Any] = {}
    for k in range(ctx.config.steps):
        step = branch.first_step if (k == 0 and branch.first_step is not None) else ids.take()
        rec = StepRecorder(step, ctx.model, branch.prefix if k == 0 else None)
        final = k == ctx.config.steps - 1 and k > 0
        attrs = _pad_attrs(ctx, rec, pad, level, branch.seed, cache)
        rec.add(StateEvent(step=step, parent=parent, text=pad, final=final, attrs=attrs))
        if final:
            yield rec.finish()
            return
        messages = ctx.prompts.solve() if pad == EMPTY_PAD else ctx.prompts.scratchpad(pad)
        gens = rec.generate(messages, ctx.sampling(1, derive_seed(branch.seed, level, "plan")),
                            "write the next plan")
        yield rec.finish()
        if not gens:
            return
        pad = gens[0].text.strip() or EMPTY_PAD
        parent, level = step, level + 1


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
        value, detail = ctx.self_eval(rec, ctx.prompts.judge(pad),
                                      derive_seed(seed, level, "judge"), cache, pad)
        if value is not None:
            attrs["self_eval"] = value
        attrs["self_eval_detail"] = detail
    return attrs
