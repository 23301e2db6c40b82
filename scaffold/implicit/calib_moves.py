"""Exact number-game material for the calibration texts: random legal moves, solutions as
move lists, and the many ways a scratchpad writes a move or a verdict on it."""

from __future__ import annotations

import random
from fractions import Fraction

from scaffold.implicit.arith_parse import Tree, find_ops
from scaffold.tasks.arithmetic import OPS, Rules, apply_op, can_reach, fmt, solve
from scaffold.tasks.moves import Move

OP_SPELLING = {"+": ["+"], "-": ["-", "−"], "*": ["*", "×", "x"], "/": ["/", "÷"]}


def moves_from(left: tuple[Fraction, ...], rules: Rules, rng: random.Random) -> list[Move]:
    """Every legal move at `left`, shuffled (a ≥ b for - and /, as people write them)."""
    out = []
    for i in range(len(left)):
        for j in range(len(left)):
            if i == j:
                continue
            a, b = left[i], left[j]
            for op in OPS:
                if op in "+*" and i > j:
                    continue
                r = apply_op(a, op, b)
                if r is None or not rules.allows(r) or (op in "-/" and a < b):
                    continue
                rest = [x for k, x in enumerate(left) if k not in (i, j)]
                out.append(Move(a, op, b, r, tuple(sorted([*rest, r]))))
    rng.shuffle(out)
    return out


def solution_moves(left: tuple[Fraction, ...], target: Fraction, rules: Rules,
                   rng: random.Random | None = None) -> list[Move]:
    """A solution as moves, found the way a person writes them (a ≥ b), else from `solve`."""
    rng = rng or random.Random(0)
    found = _natural(left, target, rules, rng)
    if found is not None:
        return found
    expr = solve(left, target, rules)
    if expr is None:
        return []
    ops = find_ops(expr + " = 0")
    tree = max(ops, key=lambda o: o.end - o.start).tree
    moves: list[Move] = []
    state = list(left)
    _emit(tree, state, moves)
    return moves


def _natural(left: tuple[Fraction, ...], target: Fraction, rules: Rules,
             rng: random.Random) -> list[Move] | None:
    if len(left) == 1:
        return [] if left[0] == target else None
    for m in moves_from(left, rules, rng):
        if can_reach(m.left, target, rules):
            rest = _natural(m.left, target, rules, rng)
            if rest is not None:
                return [m, *rest]
    return None


def _emit(tree: Tree, state: list[Fraction], moves: list[Move]) -> Fraction:
    if not isinstance(tree, tuple):
        return Fraction(tree)
    a, b = _emit(tree[1], state, moves), _emit(tree[2], state, moves)
    r = apply_op(a, tree[0], b)
    assert r is not None
    state.remove(a)
    state.remove(b)
    state.append(r)
    moves.append(Move(a, tree[0], b, r, tuple(sorted(state))))
    return r


def random_chain(left: tuple[Fraction, ...], target: Fraction, rules: Rules,
                 rng: random.Random, *, miss: bool = True) -> list[Move]:
    """Random moves down to one number; with `miss`, one that does not reach the target."""
    for _ in range(50):
        chain, cur = [], left
        while len(cur) > 1:
            options = moves_from(cur, rules, rng)
            if not options:
                break
            m = options[0]
            chain.append(m)
            cur = m.left
        if len(cur) == 1 and (not miss or cur[0] != target):
            return chain
    return []


def dead_move(left: tuple[Fraction, ...], target: Fraction, rules: Rules,
              rng: random.Random, avoid: set[tuple[Fraction, ...]]) -> Move | None:
    """A move from `left` to a new state from which the target cannot be reached."""
    for m in moves_from(left, rules, rng):
        if m.left not in avoid and not can_reach(m.left, target, rules):
            return m
    return None


def nums(values: tuple[Fraction, ...], rng: random.Random) -> str:
    sep = rng.choice([" ", " ", ", "])
    if rng.random() < 0.2 and len(values) > 1:
        return ", ".join(fmt(v) for v in values[:-1]) + " and " + fmt(values[-1])
    return sep.join(fmt(v) for v in values)


def move_text(m: Move, rng: random.Random, *, left: bool = True) -> str:
    """One move, in one of several spellings; the numbers left are stated when `left`."""
    op = rng.choice(OP_SPELLING[m.op])
    sp = rng.choice([" ", " ", ""])
    core = f"{fmt(m.a)}{sp}{op}{sp}{fmt(m.b)} = {fmt(m.result)}"
    if not left or len(m.left) == 1:
        return core
    rest = nums(m.left, rng)
    return rng.choice([f"{core} (left: {rest})", f"{core}, leaving {rest}",
                       f"{core} -> {rest}", f"{core} (remaining {rest})",
                       f"{core}, now we have {rest}", f"{core} (left {rest})"])


def expr_of(moves: list[Move]) -> str:
    """The single expression a move list computes (each move's result named by its expression)."""
    names: list[tuple[Fraction, str]] = []
    used: list[Fraction] = []
    for m in moves:
        ea = _take(names, m.a)
        eb = _take(names, m.b)
        names.append((m.result, f"({ea} {m.op} {eb})"))
        used.append(m.result)
    text = names[-1][1] if names else ""
    return text[1:-1] if text.startswith("(") else text


def _take(names: list[tuple[Fraction, str]], v: Fraction) -> str:
    for i, (value, e) in enumerate(names):
        if value == v:
            names.pop(i)
            return e
    return fmt(v)
