"""Known-answer tree searches as other people write them, logged with the v2 search fields.

- `uct`: Monte Carlo tree search to depth 2. Each simulation descends from the root (a revisit
  of the root's node) by UCB1 on the backed-up mean, Q + c·spread·√(ln N / n), trying unvisited
  children first in random order (logged as forced first visits), and backs a noisy rollout
  value up the path. Every choice is a step whose candidates carry visits and Q.
- `dfs`: depth-first search with backtracking and an expansion budget. Each expansion scores
  its children, prunes the worst one (a `prune` selection), and visits the survivors best first
  (a ranked selection); the budget cuts the search off (a `budget-stop` choice).
- `uct_blind`, `dfs_blind`: the decorative twins. They compute and log the same values but do
  not use them: UCB on the Q-values of a random permutation of the children, and a random prune
  and visit order.

`strip_scores` removes every score, statistic and state objective, for the tests of tree shape
without scores; `chain`, `restarts` and `retries` are the chain-like processes those tests must
never call exploration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaffold.simulators.objectives import Objective, Point
from scaffold.simulators.recorder import Recorder
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ScoreEvent,
    SearchStats,
    SelectEvent,
    StateEvent,
)
from scaffold.transcript.events import StepEvent as StepEventT

Rng = np.random.Generator
UCT_C = 0.7
UCT_DEPTH = 2
DFS_DEPTH = 4


@dataclass
class _Node:
    point: Point
    depth: int
    id: str
    children: list[_Node] = field(default_factory=list)
    visits: int = 0
    total: float = 0.0
    first_step: int | None = None

    @property
    def q(self) -> float | None:
        return self.total / self.visits if self.visits else None


def _candidates(rec: Recorder, step: int, kids: list[_Node]) -> list[StepEventT]:
    obj = rec.objective
    cands = [Candidate(id=c.id, text=obj.text(c.point),
                       stats=SearchStats(visits=c.visits, value=c.q)) for c in kids]
    events: list[StepEventT] = [CandidatesEvent(step=step, candidates=cands)]
    events += [ScoreEvent(step=step, candidate=c.id, value=round(float(c.q), 6),
                          scorer="q-value", kind="internal") for c in kids if c.q is not None]
    return events


def _uct_choice(node: _Node, rng: Rng, spread: float, blind: bool) -> tuple[int, str]:
    unvisited = [j for j, c in enumerate(node.children) if c.visits == 0]
    if unvisited:
        return int(rng.choice(unvisited)), "forced-first-visit"
    q = np.array([c.q for c in node.children], float)
    if blind:
        q = q[rng.permutation(len(q))]
    n = np.array([c.visits for c in node.children], float)
    ucb = q + UCT_C * spread * np.sqrt(np.log(n.sum()) / n)
    return int(np.argmax(ucb)), "evaluated"


def _uct(obj: Objective, rng: Rng, rec: Recorder, sims: int, k: int, blind: bool) -> None:
    root = _Node(obj.prior(rng), 0, rec.new_id())
    seen: list[float] = []
    for _ in range(sims):
        node, path, parent_step = root, [root], None
        while node.depth < UCT_DEPTH:
            rec.step += 1
            step = rec.step
            again = node.first_step
            node.first_step = node.first_step if again is not None else step
            if not node.children:
                node.children = [_Node(obj.neighbour(node.point, rng), node.depth + 1,
                                       rec.new_id()) for _ in range(k)]
            rec.events.append(StateEvent(step=step, parent=parent_step, revisit_of=again,
                                         text=obj.text(node.point)))
            rec.events += _candidates(rec, step, node.children)
            spread = (max(seen) - min(seen)) if len(seen) > 1 else 1.0
            j, kind = _uct_choice(node, rng, spread or 1e-9, blind)
            rule = "ucb1 on a shuffled Q (decorative)" if blind else "ucb1"
            rec.events.append(SelectEvent(step=step, chosen=[node.children[j].id], rule=rule,
                                          choice=kind))
            node, parent_step = node.children[j], step
            path.append(node)
        value = obj.f(obj.neighbour(node.point, rng))
        seen.append(value)
        for n in path:
            n.visits += 1
            n.total += value


def uct(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _uct(obj, rng, rec, decisions, k, blind=False)


def uct_blind(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _uct(obj, rng, rec, decisions, k, blind=True)


class _Dfs:
    """Depth-first search: expand, score, prune, visit survivors in order, until the budget."""

    def __init__(self, obj: Objective, rng: Rng, rec: Recorder, budget: int, k: int,
                 blind: bool) -> None:
        self.obj, self.rng, self.rec, self.k, self.blind = obj, rng, rec, k, blind
        self.budget = budget

    def expand(self, point: Point, parent_step: int | None, depth: int) -> None:
        obj, rec, rng = self.obj, self.rec, self.rng
        self.budget -= 1
        rec.step += 1
        step = rec.step
        kids = [obj.neighbour(point, rng) for _ in range(self.k)]
        values = np.array([obj.f(p) for p in kids])
        ids = [rec.new_id() for _ in kids]
        rec.events.append(StateEvent(step=step, parent=parent_step, text=obj.text(point),
                                     attrs={"objective": round(obj.f(point), 6)}))
        rec.events.append(CandidatesEvent(step=step, candidates=[
            Candidate(id=i, text=obj.text(p)) for i, p in zip(ids, kids, strict=True)]))
        rec.events += [ScoreEvent(step=step, candidate=i, value=round(float(v), 6),
                                  scorer="value", kind="internal")
                       for i, v in zip(ids, values, strict=True)]
        if depth + 1 >= DFS_DEPTH:
            return
        survivors = max(1, self.k - 1)
        order = (self.rng.permutation(self.k) if self.blind
                 else np.argsort(-values, kind="stable"))
        keep = [int(j) for j in order[:survivors]]
        how = "random" if self.blind else "by value"
        rec.events.append(SelectEvent(step=step, chosen=[ids[j] for j in keep], stage="prune",
                                      rule=f"prune the worst ({how})"))
        visited: list[int] = []
        for j in keep:
            if self.budget <= 0:
                break
            visited.append(j)
            self.expand(kids[j], step, depth + 1)
        rec.events.append(SelectEvent(
            step=step, chosen=[ids[j] for j in visited], rank=list(range(len(visited))),
            rule=f"visit survivors {'in random order' if self.blind else 'best first'}",
            choice="evaluated" if visited else "budget-stop"))


def dfs(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _Dfs(obj, rng, rec, decisions, k, blind=False).expand(obj.prior(rng), None, 0)


def dfs_blind(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _Dfs(obj, rng, rec, decisions, k, blind=True).expand(obj.prior(rng), None, 0)


def _chain(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int,
           restart: float, retry: float) -> None:
    rec.events.append(StateEvent(step=0, text=obj.text(obj.prior(rng))))
    points = {0: obj.prior(rng)}
    parent_of: dict[int, int | None] = {0: None}
    last = 0
    for step in range(1, decisions + 1):
        u = rng.random()
        base = 0 if u < restart else (parent_of[last] if u < restart + retry else last)
        base = last if base is None else base
        kids = [obj.neighbour(points[base], rng) for _ in range(k)]
        ids = [rec.new_id() for _ in kids]
        j = int(rng.integers(k))
        points[step], parent_of[step] = kids[j], base
        rec.events.append(StateEvent(step=step, parent=base, text=obj.text(kids[j])))
        rec.events.append(CandidatesEvent(step=step, candidates=[
            Candidate(id=i, text=obj.text(p)) for i, p in zip(ids, kids, strict=True)]))
        rec.events.append(SelectEvent(step=step, chosen=[ids[j]], rule="random"))
        last = step


def chain(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _chain(obj, rng, rec, decisions, k, 0.0, 0.0)


def restarts(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _chain(obj, rng, rec, decisions, k, 0.3, 0.0)


def retries(obj: Objective, rng: Rng, rec: Recorder, decisions: int, k: int) -> None:
    _chain(obj, rng, rec, decisions, k, 0.1, 0.3)


def strip_scores(events: list[HeaderEvent | StepEventT]) -> list[HeaderEvent | StepEventT]:
    """The same run with every score, search statistic and state objective removed."""
    out: list[HeaderEvent | StepEventT] = []
    for ev in events:
        if isinstance(ev, ScoreEvent):
            continue
        if isinstance(ev, CandidatesEvent):
            ev = ev.model_copy(update={"candidates": [c.model_copy(update={"stats": None})
                                                      for c in ev.candidates]})
        elif isinstance(ev, StateEvent):
            ev = ev.model_copy(update={"attrs": {}})
        out.append(ev)
    return out
