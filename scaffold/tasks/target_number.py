"""Reach a target from a multiset of numbers, each used once: the core of Game24 and Countdown."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction

from scaffold.errors import InputError
from scaffold.tasks.arithmetic import Rules, apply_op, can_reach, fmt, fmt_all, parse_number
from scaffold.tasks.base import Expansion, Node, Score
from scaffold.tasks.expression import ExpressionError, evaluate, normalise
from scaffold.tasks.moves import Move, parse_line, parse_proposal

_EXPR_RUN = re.compile(r"[\d \t+\-*/().]*\d[\d \t+\-*/().]*")


@dataclass(frozen=True)
class NumbersNode:
    """Numbers still to combine, each with the expression that produced it, and the moves so far."""

    items: tuple[tuple[Fraction, str], ...]
    steps: tuple[str, ...] = ()

    @classmethod
    def start(cls, numbers: tuple[Fraction, ...]) -> NumbersNode:
        return cls(tuple(sorted((n, fmt(n)) for n in numbers)))

    @property
    def left(self) -> tuple[Fraction, ...]:
        return tuple(v for v, _ in self.items)

    @property
    def key(self) -> str:
        return fmt_all(self.left)

    @property
    def depth(self) -> int:
        return len(self.steps)

    @property
    def text(self) -> str:
        return "\n".join([*self.steps, f"left: {self.key}"])

    @property
    def expression(self) -> str:
        """The whole computation so far when one number is left, else the expressions joined."""
        if len(self.items) == 1 and self.items[0][1].startswith("("):
            return self.items[0][1][1:-1]
        return ", ".join(e for _, e in self.items)

    def apply(self, a: Fraction, op: str, b: Fraction, line: str) -> NumbersNode:
        items = list(self.items)
        ia = next(i for i, (v, _) in enumerate(items) if v == a)
        ea = items.pop(ia)[1]
        ib = next(i for i, (v, _) in enumerate(items) if v == b)
        eb = items.pop(ib)[1]
        value = apply_op(a, op, b)
        assert value is not None
        items.append((value, f"({ea} {op} {eb})"))
        return NumbersNode(tuple(sorted(items)), (*self.steps, line))

    def to_json(self) -> str:
        return json.dumps({"left": [fmt(v) for v in self.left],
                           "exprs": [e for _, e in self.items], "steps": list(self.steps)})


class TargetNumberTask:
    """Combine `numbers` with + - * / into `target`; `rules` say which intermediates are allowed."""

    kind = "arithmetic"

    def __init__(self, name: str, numbers: tuple[int, ...], target: int, rules: Rules) -> None:
        self.name, self.rules = name, rules
        self.numbers = tuple(Fraction(n) for n in numbers)
        self.target = Fraction(target)
        self.depth = len(numbers) - 1
        self.instance = " ".join(str(n) for n in numbers)
        if name != "game24":
            self.instance = f"{target}: {self.instance}"
        self.objective = f"reach {target} using each number once (exact verifier)"

    @property
    def has_verifier(self) -> bool:
        return True

    def root(self) -> NumbersNode:
        return NumbersNode.start(self.numbers)

    def node_from_json(self, text: str) -> NumbersNode:
        try:
            data = json.loads(text)
            pairs = zip(data["left"], data["exprs"], strict=True)
            items = tuple(sorted((parse_number(v), str(e)) for v, e in pairs))
            return NumbersNode(items, tuple(str(s) for s in data["steps"]))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"fork: recorded state is not a {self.name} node ({err})") from err

    def is_terminal(self, node: Node) -> bool:
        return len(_numbers(node).items) <= 1

    def expand(self, node: Node, text: str, seen: Collection[str] = ()) -> Expansion:
        """The output's first legal move that reaches a state not in `seen` (the first legal
        one if all repeat): as in ToT, where each line of a proposal list is a candidate."""
        parent = _numbers(node)

        def novel(move: Move) -> bool:
            return parent.apply(move.a, move.op, move.b, move.line).key not in seen

        prop = parse_proposal(text, parent.left, self.rules, novel if seen else None)
        attrs: dict[str, str | float | None] = {"parse": prop.status, "raw": text.strip()[:400]}
        if prop.move is None:
            attrs["problem"] = prop.problem
            return Expansion(prop.status, prop.raw, None, attrs)  # type: ignore[arg-type]
        move = prop.move
        attrs.update({"move": move.text, "left": fmt_all(move.left)})
        if not move.arithmetic_ok:
            attrs["claimed_result"] = fmt(move.claimed)  # type: ignore[arg-type]
        if move.claimed_left is not None and not move.left_ok:
            attrs["claimed_left"] = fmt_all(move.claimed_left)
        child = parent.apply(move.a, move.op, move.b, move.line)
        return Expansion("ok", prop.raw, child, attrs)  # type: ignore[arg-type]

    def node_score(self, node: Node) -> Score:
        left = _numbers(node).left
        if len(left) == 1:
            solved = left[0] == self.target
            return Score(1.0 if solved else 0.0, f"{fmt(left[0])} {'=' if solved else '≠'} "
                         f"{fmt(self.target)}", solved)
        ok = can_reach(left, self.target, self.rules)
        verb = "can" if ok else "cannot"
        return Score(1.0 if ok else 0.0, f"{fmt_all(left)} {verb} reach {fmt(self.target)}")

    def attempt_score(self, text: str) -> Score:
        """1 for a verified solution; else up to 0.5 for leading moves that keep it solvable."""
        found = self.find_solution(text)
        if found is not None:
            return Score(1.0, f"verified: {found} = {fmt(self.target)}", True)
        node, good, moves = self.root(), 0, 0
        for line in text.splitlines():
            prop = parse_line(line, node.left, self.rules)
            if prop.move is None:
                continue
            node = node.apply(prop.move.a, prop.move.op, prop.move.b, prop.move.line)
            moves += 1
            if good == moves - 1 and self.node_score(node).value == 1.0:
                good += 1
        if len(node.items) == 1 and node.left[0] == self.target:
            return Score(1.0, f"verified moves: {node.expression} = {fmt(self.target)}", True)
        if moves == 0:
            return Score(0.0, "no solution and no legal move found")
        return Score(0.5 * good / self.depth,
                     f"not solved; {good} of {moves} legal moves keep {fmt(self.target)} reachable")

    def find_solution(self, text: str) -> str | None:
        """An expression in `text` that uses exactly the numbers and equals the target."""
        want = sorted(self.numbers)
        for run in _EXPR_RUN.findall(normalise(text)):
            candidate = _balanced(run.strip())
            if not any(op in candidate[1:] for op in "+-*/"):
                continue
            try:
                got = evaluate(candidate)
            except ExpressionError:
                continue
            if got.value == self.target and sorted(got.leaves) == want:
                return " ".join(candidate.split())
        return None


def _balanced(text: str) -> str:
    """Drop unmatched parentheses at the ends, e.g. from "(left: ..." or "... = 24)"."""
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].strip()
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].strip()
    return text


def _numbers(node: Node) -> NumbersNode:
    if not isinstance(node, NumbersNode):
        raise TypeError(f"expected a NumbersNode, got {type(node).__name__}")
    return node


def parse_numbers(text: str, flag: str, count: int | None = None) -> tuple[int, ...]:
    """`"4 9 10 13"` (commas allowed) as integers; InputError naming the flag otherwise."""
    parts = text.replace(",", " ").split()
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        raise InputError(f"{flag}: expected whole numbers, got {text!r}") from None
    if count is not None and len(values) != count:
        raise InputError(f"{flag}: expected {count} numbers, got {len(values)} in {text!r}")
    if not 2 <= len(values) <= 6 or any(not 0 <= v <= 10_000 for v in values):
        raise InputError(f"{flag}: expected 2 to 6 numbers between 0 and 10000, got {text!r}")
    return values
