"""`import tree`: a generic search-tree file (`tree_format`) to one transcript.

Every node with children is a step: its state is the node, its candidates are the children
(with visits, value and prior as search statistics, and eligibility), its scores are the
children's values, and its selection is the children the searcher went on to, in the order it
visited them. The order is the children's `order` when the file gives one (depth-first search),
else their visit counts, most visited first (MCTS: a value-blind allocation of simulations does
not favour high values, a UCT search does), with ties sharing a rank. Pruned children are
dropped by a `prune` selection first. Steps follow the tree breadth-first from the roots.
"""

from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scaffold import __version__
from scaffold.importers.tree_format import TreeFile, TreeNode, read_tree
from scaffold.safe_output import check_output, write_output
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ModelInfo,
    ScoreEvent,
    SearchStats,
    SelectEvent,
    StateEvent,
    TaskInfo,
    dump_event,
)
from scaffold.transcript.events import StepEvent as StepEventT

REWARD_SCORER = "terminal-reward"


@dataclass(frozen=True)
class ImportedTree:
    """What was written."""

    path: Path
    steps: int
    decisions: int
    nodes: int


def _rank_by(tree: TreeFile) -> str:
    if tree.rank_by is not None:
        return tree.rank_by
    if any(n.order is not None for n in tree.nodes):
        return "order"
    return "visits" if any(n.visits is not None for n in tree.nodes) else "none"


def _candidate(node: TreeNode) -> Candidate:
    stats = None
    if node.visits is not None or node.prior is not None:
        stats = SearchStats(visits=node.visits, value=node.value, prior=node.prior)
    reason = node.reason if not node.eligible else None
    return Candidate(id=node.id, text=node.text, stats=stats, eligible=node.eligible,
                     ineligible_reason=reason)


def _scores(step: int, kids: list[TreeNode], scorer: str) -> list[StepEventT]:
    out: list[StepEventT] = []
    for c in kids:
        named = {scorer: c.value, **c.values} if c.value is not None else dict(c.values)
        for name, value in named.items():
            if value is not None:
                out.append(ScoreEvent(step=step, candidate=c.id, value=value, scorer=name,
                                      kind="internal"))
        if c.reward is not None:
            out.append(ScoreEvent(step=step, candidate=c.id, value=c.reward,
                                  scorer=REWARD_SCORER, kind="external"))
    return out


def _selection(step: int, kids: list[TreeNode], rank_by: str, rule: str) -> list[StepEventT]:
    out: list[StepEventT] = []
    live = [c for c in kids if c.eligible and not c.pruned]
    if any(c.pruned for c in kids):
        out.append(SelectEvent(step=step, chosen=[c.id for c in live], rule="pruned as logged",
                               stage="prune"))
    if rank_by == "order":
        went = sorted((c for c in live if c.order is not None), key=lambda c: c.order or 0)
        ranks = [c.order or 0 for c in went]
    elif rank_by == "visits":
        went = sorted((c for c in live if c.visits), key=lambda c: -(c.visits or 0))
        levels = sorted({c.visits or 0 for c in went}, reverse=True)
        ranks = [levels.index(c.visits or 0) for c in went]
    else:
        return out
    if went:
        out.append(SelectEvent(step=step, chosen=[c.id for c in went], rank=ranks,
                               rule=f"{rule} (ranked by {rank_by})"))
    return out


def tree_events(tree: TreeFile) -> list[StepEventT]:
    """The transcript events of a checked tree."""
    children: dict[str | None, list[TreeNode]] = {}
    for node in tree.nodes:
        children.setdefault(node.parent, []).append(node)
    rank_by = _rank_by(tree)
    rule = tree.rule or f"{tree.searcher} as logged"
    events: list[StepEventT] = []
    step_of: dict[str, int] = {}
    queue = deque(children.get(None, []))
    while queue:
        node = queue.popleft()
        kids = children.get(node.id, [])
        if not kids:
            continue
        step = len(step_of)
        step_of[node.id] = step
        parent_step = step_of.get(node.parent) if node.parent is not None else None
        attrs = {"node": node.id}
        events.append(StateEvent(step=step, parent=parent_step, text=node.text, attrs=attrs))
        events.append(CandidatesEvent(step=step, candidates=[_candidate(c) for c in kids]))
        events += _scores(step, kids, tree.scorer)
        events += _selection(step, kids, rank_by, rule)
        queue.extend(kids)
    return events


def _header(path: Path, tree: TreeFile) -> HeaderEvent:
    data = path.read_bytes()
    return HeaderEvent(
        tool_version=__version__,
        loop="imported",
        scaffold=tree.searcher,
        model=ModelInfo(id=tree.model),
        task=TaskInfo(name=tree.task, instance=tree.instance, objective=tree.objective),
        config={"source_file": path.name, "source_sha256": hashlib.sha256(data).hexdigest(),
                "rank_by": _rank_by(tree), "nodes": len(tree.nodes)},
        created=datetime.fromtimestamp(int(path.stat().st_mtime), UTC),
    )


def import_tree(source: str | Path, out: str | Path | None = None, *,
                force: bool = False) -> ImportedTree:
    """Read `source`, write its transcript to `out` (default: the source with `.jsonl`)
    through the safe-output helper: all or nothing, never through a symlink, never the input."""
    source = Path(source)
    tree = read_tree(source)
    target = Path(out) if out is not None else source.with_suffix(".jsonl")
    check_output(target, inputs=[source], force=force)
    events = tree_events(tree)
    header = _header(source, tree)
    lines = [dump_event(header), *(dump_event(ev) for ev in events)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    def write(f: IO[bytes]) -> None:
        f.write(data)

    write_output(target, write, inputs=[source], force=force, durable=False)
    steps = len({ev.step for ev in events})
    decisions = sum(isinstance(ev, SelectEvent) and ev.stage is None for ev in events)
    return ImportedTree(target, steps, decisions, len(tree.nodes))
