"""An answer written as a list of steps ("10 / 5 = 2, 12 + 10 = 22, 22 + 2 = 24") read as the
one expression it spells, so it can be matched to the attempt it restates."""

from __future__ import annotations

from scaffold.implicit.arith_parse import Num, Op, Tree


def compose_steps(ops: list[Op]) -> tuple[Tree, Num]:
    """The last step's tree with every operand that an earlier step made replaced by that
    step's tree (the most recent maker first, each used once); one op is returned as it is."""
    made: list[tuple[Num, Tree]] = []
    for op in ops:
        made.append((op.value, _substitute(op.tree, made)))
    return made[-1][1], made[-1][0]


def _substitute(tree: Tree, made: list[tuple[Num, Tree]]) -> Tree:
    if isinstance(tree, tuple):
        return (tree[0], _substitute(tree[1], made), _substitute(tree[2], made))
    for i in range(len(made) - 1, -1, -1):
        if made[i][0] == tree:
            return made.pop(i)[1]
    return tree
