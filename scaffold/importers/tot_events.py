"""One ToT problem as transcript events: a step per BFS step, or one step of naive samples.

BFS step k is transcript step k (parent k-1). Its state is the frontier (`ys`), its candidates
are `new_ys` with ids `k.j` and `parent` set to the frontier item they extend, its internal
scores are `values`, and its select event lists the kept candidates. Frontier items carry the id
of the candidate the previous step kept (`frontier_ids` in the state's attrs); an item no kept
candidate explains, such as the empty root, gets `k.y<i>`. A last, final state holds the run's
outputs and their correctness `r`. A naive run is one final step whose candidates are the
independent samples: there is no select event, because nothing was selected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scaffold.importers.tot_log import BfsStep, Problem, Value
from scaffold.importers.tot_match import find_parents, match_kept
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
)
from scaffold.transcript.events import StepEvent as StepEventT

ExternalScorer = Callable[[str, str], tuple[float | None, str | None]]
"""(instance x, candidate text) -> (value, detail): an exact verifier of the task."""

OUTCOME_SCORER = "tot-test-output"


@dataclass(frozen=True)
class EventPlan:
    """How to name what the log holds: the internal scorer and the selection rule."""

    internal_scorer: str
    select_rule: str
    external: tuple[str, ExternalScorer] | None = None


def render_frontier(items: list[str]) -> str:
    """The frontier as one text: items separated by a blank line."""
    return "\n\n".join(item.rstrip("\n") for item in items)


def _outcome_attrs(outcomes: list[float | None]) -> dict[str, list[float]]:
    if outcomes and all(r is not None for r in outcomes):
        return {"r": [float(r) for r in outcomes if r is not None]}
    return {}


class _Kept:
    """Texts kept by the previous step, with the candidate id each was matched to."""

    def __init__(self, texts: list[str], ids: list[str | None]) -> None:
        self.texts, self.ids = texts, ids

    def frontier_ids(self, frontier: list[str], step: int) -> list[str]:
        used: set[int] = set()
        out: list[str] = []
        for i, item in enumerate(frontier):
            k = i if i < len(self.texts) and self.texts[i] == item and i not in used else None
            if k is None:
                k = next((k for k, t in enumerate(self.texts) if t == item and k not in used), None)
            if k is not None and self.ids[k] is not None:
                used.add(k)
                out.append(self.ids[k])  # type: ignore[arg-type]
            else:
                out.append(f"{step}.y{i}")
        return out


def _external_scores(
    plan: EventPlan, step: int, x: str | None, cands: list[Candidate]
) -> list[ScoreEvent]:
    if plan.external is None or x is None:
        return []
    name, scorer = plan.external
    out = []
    for c in cands:
        value, detail = scorer(x, c.text or "")
        out.append(
            ScoreEvent(
                step=step, candidate=c.id, value=value, scorer=name, kind="external", detail=detail
            )
        )
    return out


def _bfs_step(
    s: BfsStep, k: int, prev: _Kept, plan: EventPlan, x: str | None
) -> tuple[list[StepEventT], _Kept]:
    frontier = s.frontier if s.frontier is not None else (prev.texts if k else [""])
    fids = prev.frontier_ids(frontier, k)
    attrs: dict = {"frontier_ids": fids}
    if s.step is not None:
        attrs["tot_step"] = s.step
    events: list[StepEventT] = [
        StateEvent(step=k, parent=k - 1 if k else None, text=render_frontier(frontier), attrs=attrs)
    ]
    parents = find_parents(frontier, s.candidates)
    first_of: dict[str, str] = {}
    cands: list[Candidate] = []
    for j, (text, p) in enumerate(zip(s.candidates, parents, strict=True)):
        cid = f"{k}.{j}"
        repeat = first_of.setdefault(text, cid)
        cands.append(
            Candidate(
                id=cid,
                text=text,
                parent=fids[p] if p is not None else None,
                attrs={"repeat_of": repeat} if repeat != cid else {},
            )
        )
    events.append(CandidatesEvent(step=k, candidates=cands))
    events.extend(_scores(k, cands, s.values, plan.internal_scorer))
    events.extend(_external_scores(plan, k, s.x or x, cands))
    match = match_kept(s.candidates, [v.number for v in s.values], s.kept)
    chosen = [cands[j].id for j in match.chosen]
    if chosen:
        events.append(SelectEvent(step=k, chosen=chosen, rule=plan.select_rule))
    for m in match.missing:
        events.append(
            NoteEvent(step=k, text=f"select_new_ys[{m}] matches no candidate: {s.kept[m][:80]!r}")
        )
    if match.reused:
        events.append(
            NoteEvent(
                step=k,
                text=f"select_new_ys{match.reused} keep a candidate already kept "
                "(selection with replacement)",
            )
        )
    ids = [cands[j].id if j is not None else None for j in match.indices]
    return events, _Kept(s.kept, ids)


def _scores(
    step: int, cands: list[Candidate], values: list[Value], scorer: str, kind: str = "internal"
) -> list[ScoreEvent]:
    return [
        ScoreEvent(
            step=step, candidate=c.id, value=v.number, scorer=scorer, kind=kind, detail=v.problem
        )
        for c, v in zip(cands, values, strict=True)
    ]


def bfs_events(problem: Problem, plan: EventPlan) -> list[StepEventT]:
    """All events of a BFS problem, ending in a final state with the outputs."""
    events: list[StepEventT] = []
    kept = _Kept([], [])
    for k, s in enumerate(problem.steps):
        step_events, kept = _bfs_step(s, k, kept, plan, problem.x)
        events.extend(step_events)
    last = len(problem.steps)
    attrs: dict = {"frontier_ids": kept.frontier_ids(problem.outputs, last)}
    attrs.update(_outcome_attrs(problem.outcomes))
    events.append(
        StateEvent(
            step=last,
            parent=last - 1,
            text=render_frontier(problem.outputs),
            final=True,
            attrs=attrs,
        )
    )
    return events


def naive_events(problem: Problem, plan: EventPlan) -> list[StepEventT]:
    """One final step: the samples as candidates with their recorded correctness, no select."""
    attrs: dict = {"samples": len(problem.outputs)}
    attrs.update(_outcome_attrs(problem.outcomes))
    events: list[StepEventT] = [StateEvent(step=0, text="", final=True, attrs=attrs)]
    cands = [Candidate(id=f"0.{j}", text=y) for j, y in enumerate(problem.outputs)]
    if not cands:
        return events
    events.append(CandidatesEvent(step=0, candidates=cands))
    if problem.outcomes:
        values = [Value(r, None if r is not None else "no usable r") for r in problem.outcomes]
        events.extend(_scores(0, cands, values, OUTCOME_SCORER, "external"))
    events.extend(_external_scores(plan, 0, problem.x, cands))
    return events
