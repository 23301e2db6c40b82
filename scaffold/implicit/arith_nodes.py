"""States a number-game scratchpad reaches: each written computation is applied to the numbers
left at some earlier point, giving a tree of states the text explored."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import gcd
from operator import itemgetter

from scaffold.implicit.arith_parse import Num, Op, Tree, combine, evaluate_tree, spell, spell_all
from scaffold.tasks.arithmetic import Rules


@dataclass(frozen=True)
class Item:
    """A number left, the expression that made it (order-free spelling) and its leaves."""

    value: Num
    expr: str
    leaves: tuple[Num, ...]


@lru_cache(maxsize=4096)
def number(value: Num) -> Item:
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    return Item(value, spell(value), (value,))


def key_of(items: tuple[Item, ...]) -> tuple[str, ...]:
    return tuple(sorted(it.expr for it in items))


@dataclass(eq=False)
class Node:
    """Numbers left (each with the expression that made it) after the ops on its path."""

    index: int
    items: tuple[Item, ...]
    parent: Node | None = None
    op: Op | None = None
    children: list[Node] = field(default_factory=list)
    visits: list[int] = field(default_factory=list)
    joins: list[Node] = field(default_factory=list)
    """States reached again from here by another order of the same computations."""
    values: tuple[Num, ...] = ()
    key: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.values:
            self.values = tuple(sorted(it.value for it in self.items))
        if not self.key:
            self.key = key_of(self.items)

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

    def reach(self) -> set[int]:
        """Indices of every state reachable from here, through children and joins."""
        seen: set[int] = set()
        stack: list[Node] = [self]
        while stack:
            n = stack.pop()
            if n.index not in seen:
                seen.add(n.index)
                stack.extend(n.children)
                stack.extend(n.joins)
        return seen

    def label(self) -> str:
        return spell_all(self.values)


def unlink(nodes: list[Node]) -> None:
    """Drop each state's pointer to its parent: the only references that close a cycle (a
    join leads to a state of as many numbers, never to an ancestor), so the tree is then freed
    by reference counting as soon as the last reference to it goes, not by the cyclic
    collector (about 24,000 objects a 100-trace transcript, scanned for nothing)."""
    for n in nodes:
        n.parent = None


def _substitute(tree: Tree, pool: list[Item], made: bool = False) -> Item | None:
    """The op's result as an item, each leaf taken from (and removed from) pool; with `made`,
    a part of the tree spelled as a number in the pool was made is taken as that number
    ("(2*6) * (5-3)" on the 12 and 2 that "2*6 = 12" and "5-3 = 2" left)."""
    if not isinstance(tree, tuple):
        for i, it in enumerate(pool):
            if it.value == tree:
                return pool.pop(i)
        return None
    if made:
        spelled = _spelled(tree)
        for i, it in enumerate(pool):
            if it.expr == spelled:
                return pool.pop(i)
    a = _substitute(tree[1], pool, made)
    b = _substitute(tree[2], pool, made) if a is not None else None
    if a is None or b is None:
        return None
    x, y = a.expr, b.expr
    if tree[0] in "+*" and y < x:
        x, y = y, x
    value = combine(a.value, tree[0], b.value)
    assert value is not None
    return Item(value, f"({x}{tree[0]}{y})", a.leaves + b.leaves)


def readings(op: Op, rules: Rules) -> tuple[Tree, ...]:
    """The op's trees that the rules allow: as written, and with a/b read as one fraction;
    those that give the stated result first."""
    return _readings(op.tree, rules.fractions, rules.negatives, op.claim)


@lru_cache(maxsize=1 << 16)
def _readings(tree: Tree, fractions: bool, negatives: bool, claim: Num | None = None
              ) -> tuple[Tree, ...]:
    rules = Rules(fractions=fractions, negatives=negatives)
    out: list[tuple[bool, Tree]] = []
    for t in _written_ways(tree):
        value = evaluate_tree(t, rules)
        if value is not None:
            out.append((claim is not None and value != claim, t))
    return tuple(t for _, t in sorted(out, key=itemgetter(0)))


def _written_ways(tree: Tree) -> list[Tree]:
    """The tree as parsed, with each a/b of whole numbers read as one fraction, and that with
    "c * a/b" regrouped as c * (a/b) where the parse grouped (c * a) / b (no repeats)."""
    out = [tree]
    for t in (_fractions_as_numbers(tree), _fractions_as_numbers(tree, regroup=False)):
        if t is not None and t not in out:
            out.append(t)
    return out


_APPLIED: dict[tuple[int, tuple[Tree, ...]],
               tuple[tuple[Item, ...], tuple[Item, ...] | None]] = {}
APPLIED_MAX = 1 << 16
"""Results of `apply` kept: the traces of one puzzle reach the same states with the same
computations again and again, and a result depends only on the items (in order) and trees.
Kept by the identity of the items tuple (hashing the items themselves costs more than the
lookup saves): the results handed out and the root's items are the same tuples again, and an
entry holds its tuple, so its id is not reused while the entry lives."""


def apply(node: Node, trees: tuple[Tree, ...]) -> tuple[Item, ...] | None:
    """The items after the first of `trees` (see `readings`) whose numbers `node` holds."""
    items = node.items
    key = (id(items), trees)
    found = _APPLIED.get(key)
    if found is not None and found[0] is items:
        return found[1]
    made = _apply(items, trees)
    if len(_APPLIED) >= APPLIED_MAX:
        _APPLIED.clear()
        _INTERNED.clear()
    if made is not None:
        made = intern(made)
    _APPLIED[key] = (items, made)
    return made


_INTERNED: dict[tuple[Item, ...], tuple[Item, ...]] = {}


def intern(items: tuple[Item, ...]) -> tuple[Item, ...]:
    """One tuple for equal items (so `apply` and `shape` find them by identity)."""
    if len(_INTERNED) >= APPLIED_MAX:
        _INTERNED.clear()
    return _INTERNED.setdefault(items, items)


_SHAPES: dict[int, tuple[tuple[Item, ...], tuple[str, ...], tuple[Num, ...]]] = {}


def shape(items: tuple[Item, ...]) -> tuple[tuple[str, ...], tuple[Num, ...]]:
    """`key_of(items)` and the sorted values, kept by the identity of the tuple: `apply` hands
    out the same tuple for the same state and computation, and an entry holds its tuple, so
    its id is not reused while the entry lives."""
    found = _SHAPES.get(id(items))
    if found is not None and found[0] is items:
        return found[1], found[2]
    key, values = key_of(items), values_of(items)
    if len(_SHAPES) >= APPLIED_MAX:
        _SHAPES.clear()
    _SHAPES[id(items)] = (items, key, values)
    return key, values


def _apply(items: tuple[Item, ...], trees: tuple[Tree, ...]) -> tuple[Item, ...] | None:
    for tree in trees:
        pool = list(items)
        made = _substitute(tree, pool)
        if made is not None:
            return (*pool, made)
    if any(it.leaves != (it.value,) for it in items):  # numbers made by earlier steps
        for tree in trees:
            if isinstance(tree, tuple) and (isinstance(tree[1], tuple)
                                            or isinstance(tree[2], tuple)):
                pool = list(items)
                made = _substitute(tree, pool, made=True)
                if made is not None:
                    return (*pool, made)
    return None


@lru_cache(maxsize=1 << 14)
def _spelled(tree: Tree) -> str:
    """A tree spelled as `_substitute` spells the item it makes (order-free)."""
    if not isinstance(tree, tuple):
        return number(tree).expr
    x, y = _spelled(tree[1]), _spelled(tree[2])
    if tree[0] in "+*" and y < x:
        x, y = y, x
    return f"({x}{tree[0]}{y})"


def pre_values(op: Op, left: tuple[Num, ...]) -> tuple[tuple[Num, ...], ...]:
    """The numbers a state must hold for `op` to leave `left` there (one per reading)."""
    return _pre_values(op.tree, op.value, left)


@lru_cache(maxsize=1 << 16)
def _pre_values(tree: Tree, value: Num, left: tuple[Num, ...]) -> tuple[tuple[Num, ...], ...]:
    """`pre_values` of a tree, its value and the numbers left: the same written step with the
    same stated numbers recurs across the traces of a puzzle."""
    out = []
    for reading in _written_ways(tree):
        rest = list(left)
        if value not in rest:
            continue
        rest.remove(value)
        out.append(tuple(sorted([*rest, *_leaves(reading)])))
    return tuple(out)


def _leaves(tree: Tree) -> list[Num]:
    if not isinstance(tree, tuple):
        return [tree]
    return _leaves(tree[1]) + _leaves(tree[2])


def _fractions_as_numbers(tree: Tree, regroup: bool = True) -> Tree | None:
    """The tree with each `a/b` of two whole numbers read as one fraction (a result written
    as 12/5), or None when there is no such division. With `regroup`, "c * a/b" (parsed as
    (c * a) / b) is read c * (a/b); without it, "a/b / c" stays (a/b) / c."""
    if not isinstance(tree, tuple):
        return None
    op, a, b = tree
    if op == "/" and isinstance(a, int) and isinstance(b, int) and _written_fraction(a, b):
        return Fraction(a, b)
    if (regroup and op == "/" and isinstance(b, int) and isinstance(a, tuple) and a[0] in "*/"
            and isinstance(a[2], int) and _written_fraction(a[2], b)):  # "4 * 5/2": (4*5) / 2
        inner = _fractions_as_numbers(a[1])
        return (a[0], a[1] if inner is None else inner, Fraction(a[2], b))
    left, right = _fractions_as_numbers(a, regroup), _fractions_as_numbers(b, regroup)
    if left is None and right is None:
        return None
    return (op, a if left is None else left, b if right is None else right)


def _written_fraction(a: int, b: int) -> bool:
    """Whether a/b can be a result written as a fraction: in lowest terms, not a whole number
    (nobody writes 9/3 for 3, so "9 / 3" is a division)."""
    return b > 1 and gcd(a, b) == 1


def values_of(items: tuple[Item, ...]) -> tuple[Num, ...]:
    return tuple(sorted(it.value for it in items))
