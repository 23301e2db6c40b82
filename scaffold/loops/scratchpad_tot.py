"""Tree-of-Thoughts BFS: each step is one tree level.

Each frontier node's K proposals are sampled with its own seed; a backend that decodes several
chats together (the embedded one) runs all nodes' rows as one batch. Each proposal is parsed
into a child state (or recorded as invalid/unparseable), scored by the model's own yes/no value
(internal) and by the task's partial objective (external), and the top b distinct states by the
selection score form the next frontier, as ToT keeps its top b by value.

The run ends in a final state: at the tree depth, when every frontier item is terminal, when no
proposal survives, or when the step budget runs out first. As in `refine` and the free
scratchpad, the last step of a `--steps` budget (from the second on) records the final state
instead of expanding; cut short of the depth, it is marked `partial` with the best frontier
item (by the selection score) as its `answer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.scratchpad_context import LoopContext, rank_key
from scaffold.loops.scratchpad_step import Branch, StepRecorder, derive_seed
from scaffold.tasks.base import Expansion, Node, Score
from scaffold.transcript.events import Attrs, Candidate, CandidatesEvent, SelectEvent, StateEvent

ROOT_ID = "root"
PROPOSE_STOP = ("\nNumbers:", "\nTask:")


@dataclass(frozen=True)
class FrontierItem:
    id: str
    node: Node


@dataclass
class _Proposal:
    candidate: Candidate
    expansion: Expansion
    internal: tuple[float | None, str] | None = None
    external: Score | None = None


def run_tot(ctx: LoopContext, ids: StepIds, branch: Branch) -> Iterator[StepEvents]:
    frontier, level, parent = _resume(ctx, branch)
    cache: dict[str, Any] = {}
    depth = ctx.task.depth or ctx.config.depth
    for k in range(ctx.config.steps):
        step = branch.first_step if (k == 0 and branch.first_step is not None) else ids.take()
        rec = StepRecorder(step, ctx.model, branch.prefix if k == 0 else None)
        done = level >= depth or not frontier or all(ctx.task.is_terminal(f.node) for f in frontier)
        cut = None
        if not done and k == ctx.config.steps - 1 and k > 0:
            cut = f"step budget of {ctx.config.steps} ran out at level {level} of {depth}"
            done = True
        rec.add(_state(ctx, step, parent, frontier, level, done, cut))
        if done:
            yield rec.finish()
            return
        proposals = _propose(ctx, rec, frontier, level, branch.seed)
        if not proposals:
            yield rec.finish()
            return
        rec.add(CandidatesEvent(step=step, candidates=[p.candidate for p in proposals]))
        for i, p in enumerate(proposals):
            _score(ctx, rec, p, cache, derive_seed(branch.seed, level, "value", i))
        kept = _select(ctx, proposals, rec)
        rec.add(SelectEvent(step=step, chosen=[p.candidate.id for p in kept], rule=_rule(ctx)))
        yield rec.finish()
        frontier = [FrontierItem(p.candidate.id, p.expansion.node)  # _select keeps no None
                    for p in kept if p.expansion.node is not None]
        level, parent = level + 1, step


def _resume(ctx: LoopContext, branch: Branch) -> tuple[list[FrontierItem], int, int | None]:
    origin = branch.origin
    if origin is None:
        return [FrontierItem(ROOT_ID, ctx.task.root())], 0, None
    nodes, item_ids = origin.attrs.get("frontier"), origin.attrs.get("frontier_ids")
    level = origin.attrs.get("level")
    if not isinstance(nodes, list) or not isinstance(item_ids, list) or not isinstance(level, int):
        raise InputError(f"fork: step {origin.step} has no recorded tree-of-thoughts frontier")
    frontier = [FrontierItem(str(i), ctx.task.node_from_json(str(n)))
                for i, n in zip(item_ids, nodes, strict=True)]
    return frontier, level, origin.step


def _state(
    ctx: LoopContext, step: int, parent: int | None, frontier: list[FrontierItem], level: int,
    final: bool, cut: str | None = None,
) -> StateEvent:
    """The frontier as a state; a final one says whether it is solved and what the answer is,
    and `cut` (why the budget stopped the search early) marks it `partial`."""
    if frontier and frontier[0].id == ROOT_ID:
        text = f"{ctx.task.name}: {ctx.task.instance}"
    else:
        text = "\n\n".join(f"[{f.id}]\n{f.node.text}" for f in frontier) or "(empty frontier)"
    attrs: Attrs = {
        "level": level,
        "frontier": [f.node.to_json() for f in frontier],
        "frontier_ids": [f.id for f in frontier],
    }
    scores = [ctx.task.node_score(f.node) for f in frontier]
    values = [s.value for s in scores if s is not None and s.value is not None]
    if values:
        attrs["objective"] = max(values)
    if final:
        attrs["solved"] = any(s is not None and s.solved for s in scores)
        if frontier:
            attrs["answer"] = getattr(frontier[0].node, "expression", frontier[0].node.text)
        if not frontier:
            attrs["reason"] = "no legal proposal to expand"
        if cut is not None:
            attrs["partial"], attrs["reason"] = True, cut
    return StateEvent(step=step, parent=parent, text=text, final=final, attrs=attrs)


def _propose(
    ctx: LoopContext, rec: StepRecorder, frontier: list[FrontierItem], level: int, seed: int
) -> list[_Proposal]:
    """K proposals from every non-terminal frontier item, all items' rows in one batched call
    where the backend offers it; each item's call keeps its own seed."""
    items = [(i, item) for i, item in enumerate(frontier) if not ctx.task.is_terminal(item.node)]
    requests = [
        (ctx.prompts.propose(item.node),
         ctx.sampling(ctx.config.n, derive_seed(seed, level, "propose", f_index),
                      max_new_tokens=_propose_tokens(ctx), stop=PROPOSE_STOP))
        for f_index, item in items
    ]
    results = rec.generate_many(requests, [f"propose from {item.id}" for _, item in items])
    out: list[_Proposal] = []
    for (_, item), gens in zip(items, results, strict=True):
        seen: set[str] = set()  # states proposed from this node so far
        for gen in gens or []:
            expansion = ctx.task.expand(item.node, gen.text, seen)
            if expansion.node is not None:
                seen.add(expansion.node.key)
            legal = expansion.node is not None
            reason = None if legal else f"{expansion.status}: {expansion.attrs.get('problem')}"
            cand = Candidate(
                id=f"{rec.step}.{len(out)}", text=expansion.text, parent=item.id,
                tokens=gen.tokens or None, attrs={**expansion.attrs, **gen.reasoning_attrs()},
                eligible=legal, ineligible_reason=reason,
            )
            out.append(_Proposal(cand, expansion))
    return out


def _propose_tokens(ctx: LoopContext) -> int:
    return min(ctx.config.max_new_tokens, ctx.config.propose_max_tokens)


def _score(
    ctx: LoopContext, rec: StepRecorder, p: _Proposal, cache: dict[str, Any], seed: int
) -> None:
    node = p.expansion.node
    if node is None:
        reason = p.expansion.attrs.get("problem", p.expansion.status)
        # The scaffold's own validity check rejects it before the value prompt; that check is
        # part of the internal evaluation the selection uses, so it is recorded as value 0.
        p.internal = (0.0, f"rejected by the scaffold's check: {p.expansion.status} ({reason})")
        if p.expansion.status == "invalid":
            p.external = Score(0.0, f"invalid move: {reason}")
        else:
            p.external = Score(None, f"unparseable: {reason}")
    else:
        p.internal = ctx.self_eval(rec, ctx.prompts.value(node), seed, cache, node.key)
        p.external = ctx.task.node_score(node)
    ctx.record_scores(rec, p.candidate.id, p.internal, p.external)


def _select(
    ctx: LoopContext, proposals: list[_Proposal], rec: StepRecorder | None = None
) -> list[_Proposal]:
    """Top b distinct child states by the selection score; states without a node never."""
    values = ctx.selection_values(
        rec, [p.candidate.id for p in proposals],
        [p.internal[0] if p.internal else None for p in proposals],
        [p.external.value if p.external else None for p in proposals])
    ranked = sorted(range(len(proposals)), key=lambda i: rank_key(values[i], i))
    kept: list[_Proposal] = []
    seen: set[str] = set()
    for i in ranked:
        node = proposals[i].expansion.node
        if node is None or node.key in seen or values[i] is None:
            continue
        seen.add(node.key)
        kept.append(proposals[i])
        if len(kept) == ctx.config.beam:
            break
    return kept


def _rule(ctx: LoopContext) -> str:
    source = ("model self-evaluation P(yes)" if ctx.config.select_by == "internal"
              else "task verifier")
    return f"top-{ctx.config.beam} distinct valid states by {source}"

