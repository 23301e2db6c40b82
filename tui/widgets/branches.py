"""Branches of a step tree: which branch each step is on, kept up to date as steps arrive.

A step continues its parent's branch if it is the parent's first child; a later child (a fork,
another kept path) or a second root opens a new branch. Positions are file order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.transcript.steps import StepTree


@dataclass
class BranchIndex:
    """Branch id, first and last position per branch, and branch points, for a `StepTree`."""

    branch_of: list[int] = field(default_factory=list)
    first: list[int] = field(default_factory=list)
    last: list[int] = field(default_factory=list)
    depth: list[int] = field(default_factory=list)
    _by_step: dict[int, int] = field(default_factory=dict)
    _pos: dict[int, int] = field(default_factory=dict)
    _points: set[int] = field(default_factory=set)
    _sorted_points: list[int] | None = None

    def update(self, tree: StepTree) -> None:
        """Take in the steps added to `tree` since the last call (append-only)."""
        if len(self.branch_of) > len(tree.order):
            self.__init__()  # type: ignore[misc]
        for pos in range(len(self.branch_of), len(tree.order)):
            step = tree.order[pos]
            parent = tree.parent.get(step)
            siblings = tree.children.get(parent, []) if parent is not None else []
            if parent is not None and parent in self._by_step and siblings[:1] == [step]:
                branch = self._by_step[parent]
                self.last[branch] = pos
            else:
                branch = len(self.first)
                self.first.append(pos)
                self.last.append(pos)
                if parent is not None and len(siblings) > 1:
                    self._points.add(tree.position(parent))
                    self._sorted_points = None
            parent_pos = self._pos.get(parent) if parent is not None else None
            self.depth.append(0 if parent_pos is None else self.depth[parent_pos] + 1)
            self._by_step[step] = branch
            self._pos[step] = pos
            self.branch_of.append(branch)

    def __len__(self) -> int:
        return len(self.branch_of)

    @property
    def n_branches(self) -> int:
        return len(self.first)

    @property
    def branch_points(self) -> list[int]:
        """Positions of steps with two or more children, ascending."""
        if self._sorted_points is None:
            self._sorted_points = sorted(self._points)
        return self._sorted_points

    def is_branch_point(self, pos: int) -> bool:
        return pos in self._points

    def active(self, start: int, stop: int) -> list[int]:
        """Branches with a step in positions [start, stop), or spanning that window."""
        return [b for b in range(len(self.first)) if self.first[b] < stop and self.last[b] >= start]
