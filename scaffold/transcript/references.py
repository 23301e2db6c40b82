"""Dangling references between events, counted in one pass and warned about, never refused.

A state's `parent` and a fork's `from_step` must name another step of the transcript (earlier or
later in the file); a step has at most one state; a score or select must name a candidate that
the step's candidates events list, when the step has one, and that list names each candidate
once; following parents and forks never leads back to where it started. A hand-edited
transcript, or a user's loop, can break these; `ReferenceCheck` counts each kind and keeps its
first example, in file order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from scaffold.counted import counted
from scaffold.transcript.events import (
    CandidatesEvent,
    ErrorEvent,
    ForkEvent,
    MetricsEvent,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    StepEvent,
)
from scaffold.visible_text import visible

NAME_LIMIT = 40
"""Characters of a candidate id quoted in an example."""


class RefKind(StrEnum):
    PARENT = "parent"
    """A state's parent or a fork's origin that is no step of the transcript, or the step itself."""
    SECOND_STATE = "second-state"
    """A further state event for a step that already has one."""
    CANDIDATE = "candidate"
    """A score or select naming a candidate that the step's candidates do not list."""
    DUPLICATE = "duplicate-candidate"
    """A candidate id listed again in its step: its scores and selection name either."""
    CYCLE = "cycle"
    """Parents and fork origins that lead back to a step they started from (not itself)."""


_NOUNS = {RefKind.PARENT: "missing parent", RefKind.SECOND_STATE: "second state",
          RefKind.CANDIDATE: "unlisted candidate", RefKind.DUPLICATE: "duplicate candidate",
          RefKind.CYCLE: "parent cycle"}
CHAIN_LIMIT = 6
"""Steps of a cycle named in its example."""


def quoted(name: str) -> str:
    """A candidate id as inert, one-line, short text in quotes."""
    short = name if len(name) <= NAME_LIMIT else name[:NAME_LIMIT] + "…"
    return "'" + visible(short).replace("\n", "\\n").replace("\t", "\\t") + "'"


_UNLINKED = (MetricsEvent, NoteEvent, ErrorEvent)
"""Kinds that name no other step or candidate: taken in as a step seen, nothing more."""


@dataclass
class ReferenceCheck:
    """Feed every step event with `add` (or wrap a stream in `watch`); read `counts`, `first`.

    Costs O(1) per event and per name, plus one set of candidate ids per step. Links and names
    not resolved yet are kept and resolved when the counts are read, so a parent written after
    its child or scores written before their candidates are not counted.
    """

    _found: Counter[RefKind] = field(default_factory=Counter)
    """Kinds found as soon as seen (a second state, a link to the step itself)."""
    _first: dict[RefKind, tuple[int, str]] = field(default_factory=dict)
    _seq: int = 0
    _steps: set[int] = field(default_factory=set)
    _stated: set[int] = field(default_factory=set)
    _listed: dict[int, set[str]] = field(default_factory=dict)
    _links: list[tuple[int, int, int, str]] = field(default_factory=list)
    """(seq, step, target, verb) for links to steps not seen yet; settled at the end."""
    _names: list[tuple[int, int, str, str]] = field(default_factory=list)
    """(seq, step, candidate, verb) not listed yet; settled at the end."""
    _edges: list[tuple[int, int, int]] = field(default_factory=list)
    """(step, target, seq) of every link to another step, for the cycles."""
    _settled_at: int = -1
    _counts: Counter[RefKind] = field(default_factory=Counter)
    _examples: dict[RefKind, tuple[int, str]] = field(default_factory=dict)

    def add(self, ev: StepEvent) -> None:
        """Take in one event."""
        self._seq += 1
        step = ev.step
        self._steps.add(step)
        if isinstance(ev, StateEvent):
            if step in self._stated:
                self._count(RefKind.SECOND_STATE, f"step {step} has a second state")
            self._stated.add(step)
            if ev.parent is not None:
                self._link(step, ev.parent, "'s parent is")
        elif isinstance(ev, ForkEvent):
            self._link(step, ev.from_step, " forks from")
        elif isinstance(ev, CandidatesEvent):
            listed = self._listed.setdefault(step, set())
            ids = [c.id for c in ev.candidates]
            fresh = set(ids)
            if len(fresh) < len(ids) or not listed.isdisjoint(fresh):
                self._duplicates(step, ids, listed)
            listed |= fresh
        elif isinstance(ev, ScoreEvent):
            self._name(step, ev.candidate, "scores")
        elif isinstance(ev, SelectEvent):
            for name in ev.chosen:
                self._name(step, name, "selects")

    def add_grouped(self, events: Iterable[StepEvent]) -> dict[int, list[StepEvent]]:
        """Take in every event, as `add` does, and return them grouped by step in first-seen
        order: the scorer groups the events on the pass that checks them.

        The common kinds are handled inline (the same bookkeeping as `add`); any other event,
        or a subclass of a kind, goes through `add`.
        """
        grouped: dict[int, list[StepEvent]] = {}
        steps, listed, names = self._steps, self._listed, self._names
        for ev in events:
            step = ev.step
            group = grouped.get(step)
            if group is None:
                grouped[step] = [ev]
            else:
                group.append(ev)
            if type(ev) is ScoreEvent:
                self._seq += 1
                steps.add(step)
                known = listed.get(step)
                if known is None or ev.candidate not in known:
                    names.append((self._seq, step, ev.candidate, "scores"))
            elif type(ev) is CandidatesEvent:
                self._seq += 1
                steps.add(step)
                known = listed.get(step)
                if known is None:
                    listed[step] = known = set()
                ids = [c.id for c in ev.candidates]
                fresh = set(ids)
                if len(fresh) < len(ids) or not known.isdisjoint(fresh):
                    self._duplicates(step, ids, known)
                known |= fresh
            elif type(ev) is SelectEvent:
                self._seq += 1
                steps.add(step)
                known = listed.get(step)
                for name in ev.chosen:
                    if known is None or name not in known:
                        names.append((self._seq, step, name, "selects"))
            elif type(ev) in _UNLINKED:
                self._seq += 1
                steps.add(step)
            else:
                self.add(ev)
        return grouped

    def watch(self, events: Iterable[StepEvent]) -> Iterator[StepEvent]:
        """`events`, passed on unchanged, each taken in on the way."""
        for ev in events:
            self.add(ev)
            yield ev

    def _count(self, kind: RefKind, example: str) -> None:
        self._found[kind] += 1
        self._first.setdefault(kind, (self._seq, example))

    def _link(self, step: int, target: int, verb: str) -> None:
        if target == step:
            self._count(RefKind.PARENT, f"step {step}{verb} itself")
            return
        self._edges.append((step, target, self._seq))
        if target not in self._steps:
            self._links.append((self._seq, step, target, verb))

    def _duplicates(self, step: int, ids: list[str], listed: set[str]) -> None:
        """Count each id of one candidates event that its step has listed before."""
        seen = set(listed)
        for name in ids:
            if name in seen:
                self._count(RefKind.DUPLICATE,
                            f"step {step} lists candidate {quoted(name)} more than once")
            seen.add(name)

    def _name(self, step: int, name: str, verb: str) -> None:
        listed = self._listed.get(step)
        if listed is None or name not in listed:
            self._names.append((self._seq, step, name, verb))

    def _settle(self) -> None:
        """Resolve the pending links and names against everything seen so far (cached)."""
        if self._settled_at == self._seq:
            return
        counts, first = Counter(self._found), dict(self._first)

        def found(kind: RefKind, seq: int, example: str) -> None:
            counts[kind] += 1
            if kind not in first or seq < first[kind][0]:
                first[kind] = (seq, example)

        for seq, step, target, verb in self._links:
            if target not in self._steps:
                found(RefKind.PARENT, seq,
                      f"step {step}{verb} step {target}, not in the transcript")
        for seq, step, name, verb in self._names:
            listed = self._listed.get(step)
            if listed is not None and name not in listed:
                found(RefKind.CANDIDATE, seq, f"step {step} {verb} candidate {quoted(name)}, "
                      "which its candidates do not list")
        for seq, cycle in _cycles(self._edges):
            chain = [*cycle, cycle[0]] if len(cycle) < CHAIN_LIMIT else [*cycle[:CHAIN_LIMIT], "…"]
            found(RefKind.CYCLE, seq, "parents and forks lead round steps "
                  f"{' -> '.join(map(str, chain))}")
        self._counts, self._examples, self._settled_at = counts, first, self._seq

    @property
    def counts(self) -> Counter[RefKind]:
        """Broken references by kind, over the events taken in so far."""
        self._settle()
        return self._counts

    @property
    def total(self) -> int:
        return self.counts.total()

    @property
    def first(self) -> dict[RefKind, str]:
        """The first example of each kind found, in file order."""
        self._settle()
        return {kind: text for kind, (_, text) in self._examples.items()}

    def summary(self) -> str:
        """One line: how many, of which kinds, and the first example; "" when there are none."""
        if not self.total:
            return ""
        kinds = ", ".join(counted(self.counts[k], _NOUNS[k]) for k in RefKind if self.counts[k])
        first = min(self._examples.values())[1]
        return (f"{counted(self.total, 'broken reference')} between events ({kinds}; "
                f"first: {first})")


def _cycles(links: list[tuple[int, int, int]]) -> list[tuple[int, list[int]]]:
    """(seq of the link that closes it, its steps) of each cycle of the (step, target, seq)
    `links`, each found once. O(steps + links), without recursion, and without a container
    per step where each step links to one other (the usual case: the collector's time)."""
    out: dict[int, int] = {}
    seqs: dict[int, int] = {}
    for step, target, seq in links:
        if out.setdefault(step, target) != target:
            return _cycles_walked(links)
        seqs.setdefault(step, seq)
    walk_of: dict[int, int] = {}
    found: list[tuple[int, list[int]]] = []
    for walk, node in enumerate(out):
        while node in out and node not in walk_of:
            walk_of[node] = walk
            node = out[node]
        if walk_of.get(node) == walk and node in out:  # this walk came round to `node`
            cycle = [node]
            while out[cycle[-1]] != node:
                cycle.append(out[cycle[-1]])
            found.append((seqs[cycle[-1]], cycle))
    return found


def _cycles_walked(links: list[tuple[int, int, int]]) -> list[tuple[int, list[int]]]:
    """`_cycles` where a step links to several steps: each cycle is a depth-first walk's link
    back to a step on its path."""
    edges: dict[int, list[tuple[int, int]]] = {}
    for step, target, seq in links:
        edges.setdefault(step, []).append((target, seq))
    done: set[int] = set()
    found: list[tuple[int, list[int]]] = []
    for root in edges:
        if root in done:
            continue
        path, on_path = [root], {root: 0}
        stack = [iter(edges[root])]
        while stack:
            link = next(stack[-1], None)
            if link is None:
                stack.pop()
                done.add(path[-1])
                del on_path[path.pop()]
                continue
            target, seq = link
            if target in on_path:
                found.append((seq, path[on_path[target]:]))
            elif target not in done and target in edges:
                on_path[target] = len(path)
                path.append(target)
                stack.append(iter(edges[target]))
    return found


def check_references(events: Iterable[StepEvent]) -> ReferenceCheck:
    """The references of a whole stream of step events, checked."""
    check = ReferenceCheck()
    for ev in events:
        check.add(ev)
    return check
