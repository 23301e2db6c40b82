"""Tree shape without scores: does the step tree show exploration a chain cannot produce?

Nodes are steps, with a revisit (`state.revisit_of`) mapped to the node it returns to. The null
class is chain-like processes: a single chain, independent restarts from the root (naive
sampling), and retries of the last step (an abandoned sibling that is never extended). None of
them can produce any of the following, so each counts as evidence:

- a branch point below the root: a non-root node with two or more children that were themselves
  extended (depth-first search backtracking into an interior node);
- a return to an interior node: a revisit of a non-root node that is not the previous step's
  node (an MCTS simulation descending again through a child it has been through before);
- a prune: a select event with `stage` "prune", or an ineligible candidate whose reason says
  it was pruned.

With at least `MIN_EVIDENCE` such events the verdict is `exploration-without-scores`: the run
explored a tree, but without logged scores nothing says whether the choices followed an
evaluation, so it is never a search verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scaffold.transcript.steps import StepView

MIN_EVIDENCE = 2


@dataclass(frozen=True)
class TreeShape:
    """Counts of the tree features chain-like processes cannot produce."""

    nodes: int
    max_depth: int
    branch_points_below_root: int
    interior_returns: int
    prunes: int

    @property
    def evidence(self) -> int:
        return self.branch_points_below_root + self.interior_returns + self.prunes

    @property
    def explores(self) -> bool:
        return self.evidence >= MIN_EVIDENCE


def tree_shape_of(views: Sequence[StepView]) -> TreeShape | None:
    """The shape of the step tree, or None when there is no state to build it from."""
    node_of: dict[int, int] = {}
    parent: dict[int, int | None] = {}
    returns = prunes = 0
    previous: int | None = None
    for v in views:
        for s in v.selects:
            if s.stage == "prune":
                prunes += 1
        for c in v.candidates:
            if not c.eligible and "prun" in (c.ineligible_reason or "").lower():
                prunes += 1
        if v.state is None:
            continue
        again = v.state.revisit_of
        node = node_of.get(again, again) if again is not None else v.step
        node_of[v.step] = node
        if again is None:
            link = v.state.parent
            parent[node] = node_of.get(link, link) if link is not None else None
        elif parent.get(node) is not None and node != previous:
            returns += 1
        previous = node
    if not parent:
        return None
    children: dict[int, set[int]] = {}
    for node, up in parent.items():
        if up is not None:
            children.setdefault(up, set()).add(node)
    branch = sum(
        1 for node, kids in children.items()
        if parent.get(node) is not None and sum(bool(children.get(k)) for k in kids) >= 2
    )
    return TreeShape(len(parent), max(depths(parent).values()), branch, returns, prunes)


def depths(parent: dict[int, int | None]) -> dict[int, int]:
    """Each node's number of links up to its root, in one pass over the links (each node's
    depth is its parent's plus one, kept once found), so a chain of n steps costs O(n), not
    the O(n²) of walking up from every node. A hand-edited file may link steps in a cycle:
    a node on a cycle of L nodes has depth L - 1 (the walk up stops where it started), and a
    link to a step that is not a node counts one."""
    depth: dict[int, int] = {}
    for start in parent:
        path: list[int] = []
        on_path: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in depth and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent.get(node)
        if node is None:
            below = -1  # the last node on the path is a root: depth 0
        elif node in depth:
            below = depth[node]
        else:  # a cycle from path[on_path[node]] to the end of the path
            cycle = path[on_path[node]:]
            for n in cycle:
                depth[n] = len(cycle) - 1
            path = path[:on_path[node]]
            below = len(cycle) - 1
        for n in reversed(path):
            below += 1
            depth[n] = below
    return {n: depth[n] for n in parent}
