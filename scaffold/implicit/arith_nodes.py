"""States a number-game scratchpad reaches: each written computation is applied to the numbers
left at some earlier point, giving a tree of states the text explored."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from scaffold.implicit.arith_parse import Op, Tree, canon, evaluate_tree
from scaffold.tasks.arithmetic import Rules, fmt

Item = tuple[Fraction, Tree]


@dataclass
class Node:
    """Numbers left (each with the expression that made it) after the ops on its path."""

    index: int
    items: tuple[Item, ...]
    parent: Node | None = None
    op: Op | None = None
    children: list[Node] = field(default_factory=list)
    visits: list[int] = field(default_factory=list)

    @property
    def values(self) -> tuple[Fraction, ...]:
        return tuple(sorted(v for v, _ in self.items))

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(sorted(canon(t) for _, t in self.items))

    @property
    def complete(self) -> bool:
        return len(self.items) == 1

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def subtree(self) -> list[Node]:
        out = [self]
        for c in self.children:
            out.extend(c.subtree())
        return out

    def label(self) -> str:
        return " ".join(fmt(v) for v in self.values)


def _substitute(tree: Tree, pool: list[Item]) -> Tree | None:
    """The op's tree with each leaf replaced by an item's expression (consumed from pool)."""
    if isinstance(tree, Fraction):
        for i, (v, t) in enumerate(pool):
            if v == tree:
                pool.pop(i)
                return t
        return None
    a = _substitute(tree[1], pool)
    b = _substitute(tree[2], pool)
    return None if a is None or b is None else (tree[0], a, b)


def apply(node: Node, op: Op, rules: Rules) -> tuple[Item, ...] | None:
    """The items after `op` at `node`, or None if it uses numbers that are not there or makes
    an intermediate the rules forbid."""
    if evaluate_tree(op.tree, rules) is None:
        return None
    pool = list(node.items)
    tree = _substitute(op.tree, pool)
    if tree is None:
        return None
    return tuple(sorted([*pool, (op.value, tree)], key=lambda it: (it[0], canon(it[1]))))


def values_of(items: tuple[Item, ...]) -> tuple[Fraction, ...]:
    return tuple(sorted(v for v, _ in items))
