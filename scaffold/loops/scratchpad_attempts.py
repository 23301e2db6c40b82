"""Whole-attempt scaffolds: best-of-n (N samples, best kept) and self-refine (draft, critique,
revise; the better of the two kept). Both score every attempt twice: the model's own yes/no
judgement (internal) and the task verifier (external)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.scratchpad_context import LoopContext, rank_key
from scaffold.loops.scratchpad_step import Branch, StepRecorder, derive_seed
from scaffold.models.text_model import Generation
from scaffold.tasks.base import Score
from scaffold.transcript.events import (
    Attrs,
    Candidate,
    CandidatesEvent,
    NoteEvent,
    SelectEvent,
    StateEvent,
)


def run_best_of_n(ctx: LoopContext, ids: StepIds, branch: Branch) -> Iterator[StepEvents]:
    """Step 1 samples N attempts and keeps the best; step 2 is the final state."""
    level = _level(branch)
    parent = branch.origin.step if branch.origin else None
    cache: dict[str, Any] = {}
    chosen_text = ""
    for k in range(ctx.config.steps):
        step = branch.first_step if (k == 0 and branch.first_step is not None) else ids.take()
        rec = StepRecorder(step, ctx.model, branch.prefix if k == 0 else None)
        if level > 0:
            text = branch.origin.text if (k == 0 and branch.origin) else chosen_text
            rec.add(_final_state(ctx, step, parent, Candidate(id="", text=text), level))
            yield rec.finish()
            return
        rec.add(StateEvent(step=step, parent=parent, text=_problem(ctx), attrs={"level": 0}))
        params = ctx.sampling(ctx.config.n, derive_seed(branch.seed, level, "sample"))
        gens = rec.generate(ctx.prompts.solve(), params, "sample attempts")
        if not gens:
            yield rec.finish()
            return
        cands = [_attempt(rec.step, i, g) for i, g in enumerate(gens)]
        rec.add(CandidatesEvent(step=step, candidates=cands))
        chosen = _score_and_select(ctx, rec, cands, cache, branch.seed, level,
                                   f"best of {len(cands)}")
        yield rec.finish()
        chosen_text, parent, level = chosen.text or "", step, level + 1


def run_refine(ctx: LoopContext, ids: StepIds, branch: Branch) -> Iterator[StepEvents]:
    """Each step critiques and revises the incumbent; the better of the pair is kept."""
    level = _level(branch)
    parent = branch.origin.step if branch.origin else None
    incumbent: Candidate | None = None
    if branch.origin is not None and level > 0:
        prev = branch.origin.attrs.get("incumbent_id")
        incumbent = Candidate(id=str(prev), text=branch.origin.text or "")
    cache: dict[str, Any] = {}
    for k in range(ctx.config.steps):
        step = branch.first_step if (k == 0 and branch.first_step is not None) else ids.take()
        rec = StepRecorder(step, ctx.model, branch.prefix if k == 0 else None)
        if k == ctx.config.steps - 1 and k > 0:
            rec.add(_final_state(ctx, step, parent, incumbent, level))
            yield rec.finish()
            return
        rec.add(_incumbent_state(ctx, step, parent, incumbent, level))
        first = _first_attempt(ctx, rec, branch.seed, level) if incumbent is None else Candidate(
            id=f"{step}.0", text=incumbent.text, parent=incumbent.id, attrs={"role": "incumbent"})
        if first is None:
            yield rec.finish()
            return
        revision = _revise(ctx, rec, first, branch.seed, level)
        cands = [first] if revision is None else [first, revision]
        rec.add(CandidatesEvent(step=step, candidates=cands))
        incumbent = _score_and_select(ctx, rec, cands, cache, branch.seed, level,
                                      "better of draft and revision")
        yield rec.finish()
        parent, level = step, level + 1


def _level(branch: Branch) -> int:
    if branch.origin is None:
        return 0
    level = branch.origin.attrs.get("level", 0)
    return level if isinstance(level, int) else 0


def _problem(ctx: LoopContext) -> str:
    return f"{ctx.task.name}: {ctx.task.instance}"


def _attempt(step: int, index: int, gen: Generation, **attrs: Any) -> Candidate:
    return Candidate(id=f"{step}.{index}", text=gen.text.strip(), tokens=gen.tokens or None,
                     attrs={**attrs, **gen.reasoning_attrs()})


def _state_attrs(ctx: LoopContext, text: str | None, level: int) -> Attrs:
    attrs: Attrs = {"level": level}
    score = ctx.task.attempt_score(text) if text is not None else None
    if score is not None and score.value is not None:
        attrs["objective"] = score.value
        attrs["solved"] = score.solved
    return attrs


def _incumbent_state(
    ctx: LoopContext, step: int, parent: int | None, incumbent: Candidate | None, level: int
) -> StateEvent:
    if incumbent is None:
        return StateEvent(step=step, parent=parent, text=_problem(ctx), attrs={"level": level})
    attrs = _state_attrs(ctx, incumbent.text, level)
    attrs["incumbent_id"] = incumbent.id
    return StateEvent(step=step, parent=parent, text=incumbent.text, attrs=attrs)


def _final_state(
    ctx: LoopContext, step: int, parent: int | None, kept: Candidate | None, level: int
) -> StateEvent:
    text = kept.text or "" if kept else ""
    attrs = _state_attrs(ctx, text, level)
    attrs["answer"] = text
    if kept and kept.id:
        attrs["incumbent_id"] = kept.id
    return StateEvent(step=step, parent=parent, text=text, final=True, attrs=attrs)


def _first_attempt(ctx: LoopContext, rec: StepRecorder, seed: int, level: int) -> Candidate | None:
    gens = rec.generate(ctx.prompts.solve(), ctx.sampling(1, derive_seed(seed, level, "draft")),
                        "draft")
    return _attempt(rec.step, 0, gens[0], role="draft") if gens else None


def _revise(
    ctx: LoopContext, rec: StepRecorder, attempt: Candidate, seed: int, level: int
) -> Candidate | None:
    text = attempt.text or ""
    params = ctx.sampling(1, derive_seed(seed, level, "critique"),
                          max_new_tokens=ctx.config.critique_max_tokens)
    gens = rec.generate(ctx.prompts.critique(text), params, "critique")
    if not gens:
        return None
    critique = gens[0].text.strip()
    rec.add(NoteEvent(step=rec.step, text=f"critique of {attempt.id}: {critique}"))
    gens = rec.generate(ctx.prompts.revise(text, critique),
                        ctx.sampling(1, derive_seed(seed, level, "revise")), "revise")
    if not gens:
        return None
    cand = _attempt(rec.step, 1, gens[0], role="revision", critique=critique[:400])
    return cand.model_copy(update={"parent": attempt.id})


def _score_and_select(
    ctx: LoopContext, rec: StepRecorder, cands: list[Candidate], cache: dict[str, Any],
    seed: int, level: int, what: str,
) -> Candidate:
    values: list[float | None] = []
    for i, cand in enumerate(cands):
        text = cand.text or ""
        internal = ctx.self_eval(rec, ctx.prompts.judge(text),
                                 derive_seed(seed, level, "judge", i), cache, text)
        external: Score | None = ctx.task.attempt_score(text)
        ctx.record_scores(rec, cand.id, internal, external)
        by_external = ctx.config.select_by == "external"
        values.append(external.value if (by_external and external) else internal[0])
    best = min(range(len(cands)), key=lambda i: rank_key(values[i], i))
    source = "task verifier" if ctx.config.select_by == "external" else "self-eval P(yes)"
    rec.add(SelectEvent(step=rec.step, chosen=[cands[best].id], rule=f"{what} by {source}"))
    return cands[best]
