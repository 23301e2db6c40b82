"""Task-grounded extraction for Game of 24 and Countdown: the states a scratchpad explores, what
it says about them, and the one it commits to.

Every computation is applied exactly to the numbers left at the point it continues from: the
current state, or, after a restart or backtracking cue or a stated dead end, an earlier one (a
stated "left: ..." list decides when it matches). A state with two or more children is a
decision; the child on the path to the answer (or the option the text says it goes with) is the
choice. The answer line only chooses: it never adds an option.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from operator import attrgetter, itemgetter

from scaffold.implicit import lexicon as lx
from scaffold.implicit.arith_answer import compose_steps
from scaffold.implicit.arith_nodes import (
    Item,
    Node,
    apply,
    intern,
    number,
    pre_values,
    readings,
    shape,
)
from scaffold.implicit.arith_parse import (
    Num,
    Op,
    Tree,
    canon,
    find_ops,
    leaves,
    read_number,
    spell,
    spell_all,
)
from scaffold.implicit.model import ENDS_HERE, Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.verify import reachable
from scaffold.tasks.arithmetic import Rules

NONE, WEAK, BACK, RESTART = 0, 1, 2, 3
_BIG = 1 << 62
_STATE = re.compile(r"[ \t]*(?:to|at|from)?[ \t]*(?:the[ \t]+)?(?:numbers[ \t]*)?[:(\[]?[ \t]*"
                    r"(-?\d+(?:/\d+)?(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+|[ \t]+)-?\d+(?:/\d+)?)+)")
_BY_PLACE = itemgetter(0, 1)
"""Events in text order, and at one place the cues before the computation."""
_STATE_NUMBER = re.compile(r"-?\d+(?:/\d+)?")
_VALUED = re.compile(r"[ \t>*_-]*(?:left:?[ \t]*)?(-?\d+(?:/\d+)?(?:(?:[ \t]*,[ \t]*|[ \t]+)"
                     r"-?\d+(?:/\d+)?)*)[ \t*_]*[:=\u2013\u2014-][ \t*_]*")
"""A line that opens with the numbers of a state, then a colon or dash: what it says of them
("10 13 13: impossible", "2 8 7: no combination reaches 24. impossible") up to a computation."""
_LINE_STATE = re.compile(r"^[ \t>*_-]*(?:left:?[ \t]*)?(-?\d+(?:/\d+)?(?:(?:[ \t]*,[ \t]*|[ \t]+)"
                         r"-?\d+(?:/\d+)?)+)[ \t*_]*[:\u2013\u2014][ \t*_]*", re.M)
_WORKED = re.compile(r"=|\d[ \t]*[-+*/\u00d7\u00f7x][ \t]*\(?[ \t]*\d")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_BY_INDEX = attrgetter("index")
_Branching = dict[int, tuple[Node, list[list[Node]]]]
"""The states the text branches at (two or more options), by index: each with its options."""
_NO_ANSWER = re.compile(r"\b(?:none|no solution|impossible|not possible|cannot|can't)\b", re.I)


@dataclass
class ArithResult:
    """Decisions found in one text, and how many computations fitted no state."""

    decisions: list[DerivedDecision]
    ops: int = 0
    invalid: int = 0
    nodes: list[Node] = field(default_factory=list)


class _Walk:
    """The reading so far: the states reached, where the text is, and what it has said."""

    def __init__(self, text: str, numbers: tuple[Fraction, ...], target: Fraction,
                 rules: Rules) -> None:
        self.text, self.rules = text, rules
        self.target: Num = target.numerator if target.denominator == 1 else target
        self.root = Node(0, intern(tuple(number(n) for n in sorted(numbers))))
        self.by_values: dict[tuple, list[Node]] = {self.root.values: [self.root]}
        self.nodes: list[Node] = [self.root]
        self.visited: dict[int, Node] = {}
        """Visited states, least recently visited first."""
        self.by_key = {self.root.key: self.root}
        self.current = self.root
        self.judged: dict[int, list[Judgement]] = {}
        self.last_op: Op | None = None
        self.checked: set[int] = set()
        """States whose combinations a line checked and then judged (`_checked_state`): the
        verdict is the state's, and the checks are how it was evaluated, not options."""
        self.cue = NONE
        self.clock = 0
        self.invalid = 0
        self.labels: dict[str, Node] = {}
        self.open_label: str | None = None
        self.committed: Node | None = None
        self.commit_span: tuple[int, int] | None = None
        self.commit_rule = ""
        self.answered = False
        self.commit_until = -1
        self.commit_at: tuple[int, int] | None = None
        self.commits: list[tuple[int, Node]] = []
        """Where the text says it goes on with a state ("I'll go with 5*8", "Expanding 7+12:"),
        and that state: what it says of an option after that is the outcome of the choice."""
        self.goto: Node | None = None
        self.line_states: list[tuple[int, int]] = []
        self.next_op: dict[int, Op] = {}
        """The computation written next in the same attempt (no cue, judgement, head or
        answer between), by `id` of the one before it."""

    def tries(self, op: Op) -> Iterator[Node]:
        """States to try a computation at, most likely first, given the pending cue, one at a
        time (`place` stops at the first that fits). A finished attempt (one number left) is a
        cue to go back by itself, nothing follows from it, unless the computation states the
        numbers left: a wrong list then marks a muddled chain."""
        finished = self.cue == NONE and self.current.complete and op.left is None
        cue = BACK if finished else self.cue
        if cue == NONE:
            yield self.current
            return
        seen: set[int] = set()
        for n in self._first(cue):
            if n.index not in seen:
                seen.add(n.index)
                yield n
        for n in self._recent():
            if n.index not in seen:
                seen.add(n.index)
                yield n

    def _first(self, cue: int) -> Iterator[Node]:
        if cue == WEAK:
            yield self.current
        elif cue == RESTART:
            yield self.root
        if self.goto is not None:
            yield self.goto
        node = self.current.parent
        while node is not None:
            yield node
            node = node.parent
        if cue != WEAK:
            yield self.current

    def recent(self) -> list[Node]:
        """Every state, most recently visited first, then the unvisited ones in order."""
        return list(self._recent())

    def _recent(self) -> Iterator[Node]:
        yield from reversed(self.visited.values())
        if len(self.visited) < len(self.nodes):
            for n in self.nodes:
                if not n.visits:
                    yield n

    def place(self, op: Op) -> Node | None:
        trees = readings(op, self.rules)
        if not trees:
            return None
        if op.left is not None:
            fits = [n for pre in pre_values(op, op.left) for n in self.by_values.get(pre, ())]
            if len(fits) > 1:
                fits.sort(key=lambda n: -(n.visits[-1] if n.visits else -1))
            for n in fits:
                items = apply(n, trees)
                if items is not None:
                    return self._child(n, op, items)
        named = self._line_state(op.start)
        if named is not None and (items := apply(named, trees)) is not None:
            return self._child(named, op, items)
        nxt = self.next_op.get(id(op)) if self.cue != NONE or self.current.complete else None
        first = self.first_try(op)
        items = apply(first, trees)
        if items is not None and (nxt is None or self._fits(items, nxt)):
            return self._child(first, op, items)  # mostly: no generators needed
        fallback = None if items is None else (first, items)
        for n in self.tries(op):  # (first again: it fails again)
            if n is first:
                continue
            items = apply(n, trees)
            if items is None:
                continue
            if nxt is None or self._fits(items, nxt):
                return self._child(n, op, items)
            fallback = fallback or (n, items)
        return None if fallback is None else self._child(fallback[0], op, fallback[1])

    def _line_state(self, at: int) -> Node | None:
        """The state a line's opening list names, for a computation further on that line."""
        line = self.text.rfind("\n", 0, at) + 1
        i = bisect_right(self.line_states, (line, -1))
        if i == len(self.line_states) or self.line_states[i][1] > at:
            return None
        start, end = self.line_states[i]
        if self.text.rfind("\n", 0, start) + 1 != line:
            return None
        key = state_key(self.text[start:end])
        same = self.by_values.get(key) if key is not None else None
        return same[-1] if same else None

    def _fits(self, items: tuple[Item, ...], nxt: Op) -> bool:
        """Whether the computation written next in the same attempt can follow on from `items`:
        after a cue, a state where the attempt's first step fits but its second does not is
        the wrong place ("Alternatively, 3 / 1 = 3. 4 + 3 = 7." goes back to the start, not
        to a state that has a 3 and a 1 left but no 4)."""
        trees = readings(nxt, self.rules)
        return bool(trees) and apply(Node(-1, items), trees) is not None

    def first_try(self, op: Op) -> Node:
        """The first state `tries` yields."""
        cue = self.cue
        if cue == NONE:
            if not (self.current.complete and op.left is None):
                return self.current
            cue = BACK
        if cue == WEAK:
            return self.current
        if cue == RESTART:
            return self.root
        if self.goto is not None:
            return self.goto
        parent = self.current.parent
        return self.current if parent is None else parent

    def _child(self, parent: Node, op: Op, items: tuple) -> Node:
        key, values = shape(items)
        found = self.by_key.get(key)
        if found is not None:
            if found.parent is not parent and found is not parent:
                parent.joins.append(found)
            return found
        node = Node(len(self.nodes), items, parent, op, values=values, key=key)
        parent.children.append(node)
        self.nodes.append(node)
        self.by_key[node.key] = node
        self.by_values.setdefault(node.values, []).append(node)
        return node

    def visit(self, node: Node) -> None:
        self.clock += 1
        node.visits.append(self.clock)
        self.visited.pop(node.index, None)
        self.visited[node.index] = node
        self.current = node

    def judge(self, node: Node, j: Judgement) -> None:
        if node is not self.root:
            self.judged.setdefault(node.index, []).append(j)


def _answer_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in lx.ANSWER_LINE.finditer(text):
        end = text.find("\n", m.end())
        out.append((m.start(), len(text) if end < 0 else end))
    return out


_MARK = re.compile(r"(?:=>|\u21d2|\u2192|->|\u2234|so|thus|hence|therefore|finally|final|result"
                   r"|in short|(?:(?:use|using|take|taking|pick|picking|choose|go with|going with)"
                   r"[ \t]+)?(?:#|(?:row|try|attempt|option|line|no\.?)[ \t]*#?)[ \t]*\d+)?"
                   r"[ \t]*[:,]?[ \t]*(?:\*\*|__)?", re.IGNORECASE)
"""What may open a last line that states the answer without the word: "=> ", "So: ", "**",
or the label of the attempt it restates ("Use #3: ", "Row 5: ")."""


def _marked_last_line(text: str, ops: list[Op], numbers: tuple[Num, ...]
                      ) -> tuple[int, int] | None:
    """The text's last line when it is one whole expression (every number of the puzzle once)
    behind a mark ("=> 2+(4+(10+7)) = 24", "So: (1 * 7) / (4 + 13) = 24.", "**7 - (8 - (9 -
    2))**") or right after a reasoning block ("</think>"): the answer, said without an answer
    word. Read as a computation, its "= 24" had judged the attempt it restates (a wrong answer
    claiming 24 looked like a success), or it had become an option of its own, judged only
    when the claim was true."""
    if not ops:
        return None
    op = ops[-1]
    start = text.rfind("\n", 0, op.start) + 1
    end = text.find("\n", op.end)
    end = len(text) if end < 0 else end
    mark = text[start:op.start].strip()
    marked = (_MARK.fullmatch(mark) is not None if mark
              else _AFTER_THINKING.search(text, 0, start) is not None)
    if text[end:].strip() or not marked or sorted(leaves(op.tree)) != sorted(numbers):
        return None
    return start, end


_AFTER_THINKING = re.compile(r"</(?:think|thinking|reasoning|scratchpad)>\s*$", re.IGNORECASE)
"""The end of a reasoning block right before the last line: a bare expression there is the
reply's answer ("</think>\n\n(12 * (7 + 6)) * 2 = 24"), as if marked."""


def _closing_checks(text: str, answers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The line right before each answer line when it opens by checking ("Let me double-check:
    (9 + 11) * 8 * 8. Yes, that's correct."): a check of the pick just before stating it is part
    of stating it, so what it says is not what the pick was made on (random picks were shown
    judged "correct" by their check), and what it computes adds no option."""
    out = []
    for a, _ in answers:
        end = a - 1
        while end > 0 and text[end] == "\n":
            start = text.rfind("\n", 0, end) + 1
            if text[start:end].strip():
                if lx.CHECK_LINE.match(text, start) is not None:
                    out.append((start, end))
                break
            end = start - 1
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether pos is in one of the sorted, disjoint spans."""
    i = bisect_right(spans, (pos, _BIG)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _merged(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sorted, disjoint spans covering the positions in a span of `a` or of `b` (each
    sorted): `_inside` the result is `_inside` either, with one search instead of two."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(a + b):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        elif s < e:
            out.append((s, e))
    return out


def extract_arithmetic(text: str, numbers: tuple[Fraction, ...], target: Fraction,
                       rules: Rules) -> ArithResult:
    """Decisions in a number-game scratchpad (see the module docstring)."""
    walk = _Walk(text, numbers, target, rules)
    found = lx.scan(text)
    ops = find_ops(text, said=[m.start() for m in found["said"]])
    walk.line_states = _line_states(text)
    ops = [o for o in ops if not _inside(o.start, walk.line_states)]  # "2 8 5/2: impossible"
    answers = _answer_spans(text)
    marked = _marked_last_line(text, ops, walk.root.values)
    if marked is not None and not _inside(marked[0], answers):
        answers.append(marked)
    closing = _merged(answers, _closing_checks(text, answers))
    op_spans = [(o.start, o.end) for o in ops]
    events: list[tuple[int, int, str, object]] = []
    for op in ops:
        events.append((op.start, 1, "answer-op" if _inside(op.start, closing) else "op", op))
    for a, b in answers:
        events.append((b, 0, "answer", (a, b)))
    found["head"] = list(lx.OPTION_HEAD.finditer(text))
    found["weak"] += _PARAGRAPH.finditer(text)
    outside = _merged(closing, op_spans)
    for kind in ("restart", "back", "weak", "head", "commit"):
        for m in found[kind]:
            if not _inside(at := m.start(), outside):
                events.append((at, 0, kind, m))
    for value, s, e, phrase in lx.judgements_from(text, found["judge"]):
        if not _inside(s, outside):
            events.append((s, 0, "judge", Judgement(value, (s, e), phrase)))
    events.sort(key=_BY_PLACE)
    _chain(walk, events)
    answer_ops: list[Op] = []
    for pos, _, kind, obj in events:
        _step(walk, pos, kind, obj, answer_ops)
    if walk.open_label is not None:
        walk.labels[walk.open_label] = walk.current
    last_end = max((o.end for o in ops), default=0)
    if (walk.committed is None and not walk.answered and walk.current.complete
            and not _NO_ANSWER.search(text, last_end)):
        walk.committed, walk.commit_rule = walk.current, ENDS_HERE
        last = walk.current.op
        walk.commit_span = (last.start, last.end) if last else None
    decisions = _decisions(walk)
    return ArithResult(decisions, len([o for o in ops if not _inside(o.start, closing)]),
                       walk.invalid, walk.nodes)


def _line_states(text: str) -> list[tuple[int, int]]:
    """The spans of the state lists that open lines ("2 2 13: (2 * 13) - 2 = 24. sure"): two or
    more numbers, then a colon or dash."""
    return [(m.start(1), m.end()) for m in _LINE_STATE.finditer(text)
            if len(_STATE_NUMBER.findall(m.group(1))) > 1]


def _chain(walk: _Walk, events: list[tuple[int, int, str, object]]) -> None:
    """Fill `walk.next_op`: each computation's successor in its attempt."""
    before: object = None
    for _, _, kind, obj in events:
        if kind == "op":
            if before is not None:
                walk.next_op[id(before)] = obj  # type: ignore[assignment]
            before = obj
        elif kind != "weak":  # "then" goes on with the attempt
            before = None


def _step(walk: _Walk, pos: int, kind: str, obj: object, answer_ops: list[Op]) -> None:
    if kind == "op":
        _on_op(walk, obj)  # type: ignore[arg-type]
    elif kind == "answer-op":
        answer_ops.append(obj)  # type: ignore[arg-type]
    elif kind == "answer":
        _on_answer(walk, obj, answer_ops)  # type: ignore[arg-type]
        answer_ops.clear()
    elif kind == "judge":
        j: Judgement = obj  # type: ignore[assignment]
        walk.judge(_valued_state(walk, j.span[0]) or _checked_state(walk, j.span[0])
                   or walk.current, j)
        if j.value == 0.0:
            walk.cue = max(walk.cue, BACK)
    elif kind == "head":
        m: re.Match[str] = obj  # type: ignore[assignment]
        if walk.open_label is not None:
            walk.labels[walk.open_label] = walk.current
        named = m.group("label") or m.group("row")
        walk.open_label = _label(named or m.group("enum"))
        # "2." after a finished attempt starts the next attempt from the numbers given; after
        # an unfinished one it may be the chain's next step
        fresh = named or walk.current.complete
        walk.cue = max(walk.cue, RESTART if fresh else WEAK)
    elif kind == "commit":
        _on_commit(walk, obj)  # type: ignore[arg-type]
    else:
        walk.cue = max(walk.cue, {"restart": RESTART, "back": BACK, "weak": WEAK}[kind])
        if kind != "weak":
            _named_state(walk, obj)  # type: ignore[arg-type]


def _named_state(walk: _Walk, m: re.Match[str]) -> None:
    """'back to 10 13 13': the state whose numbers the cue names, if one was reached."""
    found = _STATE.match(walk.text, m.end())
    if found is None:
        return
    key = state_key(found.group(1))
    if key is None:  # a/0
        return
    same = walk.by_values.get(key)
    if same:  # the last state reached with these numbers
        node = same[-1]
        walk.goto = node
        walk.cue = max(walk.cue, BACK)


def _valued_state(walk: _Walk, at: int) -> Node | None:
    """The state a value line names by its numbers ("10 13 13: impossible", as Tree of
    Thoughts evaluates the states its proposals leave), if one was reached; else None."""
    line = walk.text.rfind("\n", 0, at) + 1
    found = _VALUED.match(walk.text, line, at)
    if found is None or _WORKED.search(walk.text, found.end(), at):
        return None
    key = state_key(found.group(1))
    if key is None:
        return None
    same = walk.by_values.get(key)
    return same[-1] if same else None


_SENTENCE_GAP = re.compile(r"[.!?;][ \t]+")


def _checked_state(walk: _Walk, at: int) -> Node | None:
    """The state whose combinations the line has just checked, when a sentence of its own
    judges them after the last one ("Check: 21+2=23, 21*2=42, 21-2=19. Dead end."): the
    verdict is on that state, the pair the attempt left, not on the last computation checked.
    None unless two or more computations on the line, the last one included, are steps from
    one state."""
    node, op = walk.current, walk.last_op
    parent = node.parent
    if parent is None or op is None or node.op is None or not 0 <= at - op.end <= 40:
        return None
    gap = walk.text[op.end:at]
    line = walk.text.rfind("\n", 0, at) + 1
    again = node.op is not op and node.op.start >= line  # "13+11 = 24 ✓" after checking 13+11
    if "\n" in gap or "=" in gap or not (again or _SENTENCE_GAP.search(gap)):
        return None
    checked = sum(1 for c in parent.children if c.op is not None and line <= c.op.start < at)
    if checked < 2:
        return None
    walk.checked.add(parent.index)
    return parent


@lru_cache(maxsize=1 << 14)
def state_key(listed: str) -> tuple[Num, ...] | None:
    """The sorted numbers of a stated list ("10 13 13", "2, 5 and 1/2"), the key of
    `_Walk.by_values`, or None when one is a/0 (kept by the text: lists are restated)."""
    numbers = [read_number(t) for t in _STATE_NUMBER.findall(listed)]
    if None in numbers:
        return None
    return tuple(sorted(numbers))  # type: ignore[arg-type]


def _label(raw: str) -> str:
    return raw.strip().lower()


def _on_op(walk: _Walk, op: Op) -> None:
    walk.last_op = op
    commit_at = walk.commit_at if walk.commit_until >= op.start else None
    node = (commit_at is not None and _restated(walk, op)) or walk.place(op)
    walk.cue, walk.goto = NONE, None
    if node is None:
        walk.invalid += 1
        return
    walk.visit(node)
    if op.claim is not None and node.complete and op.claim_span is not None:
        good = op.claim == walk.target
        phrase = f"= {spell(op.claim)}" + ("" if good else f" (not {spell(walk.target)})")
        walk.judge(node, Judgement(1.0 if good else 0.0, op.claim_span, phrase))
    if commit_at is not None:
        walk.committed, walk.commit_span = node, (commit_at[0], op.end)
        walk.commit_rule = "the text says it goes on with this"
        walk.commits.append((commit_at[0], node))
        walk.commit_until = -1


def _restated(walk: _Walk, op: Op) -> Node | None:
    """The state an earlier computation reached, when the text says it goes on with that
    computation written again ("Continue from 11 - 2 = 9." after listing 11 - 2 = 9 among the
    next steps): placing it afresh would make it a step on from wherever the text stood."""
    want = canon(op.tree)
    for n in walk.recent():
        if n.op is not None and n.op.value == op.value and canon(n.op.tree) == want:
            return n
    return None


def _ref_node(walk: _Walk, text: str) -> Node | None:
    if (m := lx.LABEL_REF.search(text)) is not None:
        return walk.labels.get(_label(m.group("label")))
    if (m := lx.ORDINAL_REF.search(text)) is not None:
        order = list(walk.labels.values())
        word = m.group("ord").lower()
        i = len(order) if word == "last" else lx.ORDINALS[word]
        return order[i - 1] if 0 < i <= len(order) else None
    return None


def _on_commit(walk: _Walk, m: re.Match[str]) -> None:
    line_end = walk.text.find("\n", m.end())
    line_end = len(walk.text) if line_end < 0 else line_end
    window = walk.text[m.end(): min(line_end, m.end() + 60)]
    if walk.open_label is not None:
        walk.labels[walk.open_label] = walk.current
    node = _ref_node(walk, window)
    if node is not None:
        walk.committed, walk.commit_span = node, (m.start(), m.end() + len(window))
        walk.commit_rule = "the text says it goes with this option"
        walk.commits.append((m.start(), node))
        return
    walk.commit_until, walk.commit_at = min(line_end, m.end() + 60), (m.start(), m.end())
    walk.cue = max(walk.cue, WEAK)


def _on_answer(walk: _Walk, span: tuple[int, int], ops: list[Op]) -> None:
    walk.answered = True
    if walk.open_label is not None:
        walk.labels[walk.open_label] = walk.current
    body = walk.text[span[0]:span[1]]
    node: Node | None = None
    rule = ""
    if ops:
        ops = [o for o in ops if o.start >= span[0]] or ops  # a closing check's, if none here
        op = max(ops, key=lambda o: len(leaves(o.tree)))
        node = _match_answer(walk, op.tree, op.value)
        if node is None and len(ops) > 1:
            node = _match_answer(walk, *compose_steps(ops))
        rule = "the answer restates this attempt"
        if node is None and _concludes_current(walk, op.value, ops):
            node, rule = walk.current, "the answer concludes the attempt it follows"
        if node is None and (node := _goes_through(walk, op.tree)) is not None:
            rule = "the answer goes on from this state"
    else:
        node = _ref_node(walk, body)
        rule = "the answer names this option"
        if node is None and not _NO_ANSWER.search(body) and walk.committed is not None:
            return
    if node is not None and node is not walk.root:
        walk.committed, walk.commit_span, walk.commit_rule = node, span, rule


def _concludes_current(walk: _Walk, value: Num, ops: list[Op]) -> bool:
    """Whether an answer that restates no attempt concludes the attempt it follows. An answer
    that is a whole attempt of its own (every number of the puzzle, once) does so only if it
    reaches what that attempt reached: of another value, it is some other attempt that the
    walk did not place (taking the last attempt for it had made random picks look like
    search, as texts often end on the attempt that reached 24). Any other answer (a restated
    last step, a garbled one) concludes the attempt it follows."""
    node = walk.current
    whole = max(ops, key=lambda o: len(leaves(o.tree)))
    if sorted(leaves(whole.tree)) != sorted(walk.root.values):
        return True
    return node.complete and node.items[0].value in (value, compose_steps(ops)[1])


def _goes_through(walk: _Walk, tree: Tree) -> Node | None:
    """The deepest state reached whose computations are all part of an answer that restates
    no attempt: the answer goes on from there ("Continue from 2 + 5 = 7", then an answer
    built on 2 + 5). Read whatever the answer reaches: reading it only when the answer
    matched a placed attempt had tied the choice to the answers that reached 24 (a state
    rated "sure" comes with a written solution the answer then restates), which made random
    continuations look like search."""
    parts = set(_subtrees(tree))
    best, depth = None, 0
    for n in walk.nodes:
        made = [it.expr for it in n.items if len(it.leaves) > 1]
        deep = len(walk.root.items) - len(n.items)
        if made and deep >= depth and all(e in parts for e in made):
            best, depth = n, deep
    return best


def _subtrees(tree: Tree) -> Iterator[str]:
    if isinstance(tree, tuple):
        yield canon(tree)
        yield from _subtrees(tree[1])
        yield from _subtrees(tree[2])


def _match_answer(walk: _Walk, tree: Tree, value: Num) -> Node | None:
    recent = walk.recent()
    want = canon(tree)
    for n in recent:
        if n.complete and n.items[0].expr == want:
            return n
    want_leaves = sorted(leaves(tree))
    for n in recent:
        same = n.complete and sorted(n.items[0].leaves) == want_leaves
        if same and n.items[0].value == value:
            return n
    return None


def _decisions(walk: _Walk) -> list[DerivedDecision]:
    path: set[int] = set()
    if walk.committed is not None:
        path = {walk.committed.index, *(n.index for n in walk.committed.ancestors())}
    branching: _Branching = {}
    for parent in walk.nodes:
        if len(parent.children) < 2 or parent.index in walk.checked:
            continue  # fewer groups than children, or checks that judged their state
        groups = _same_attempts(parent.children)
        if len(groups) >= 2:
            branching[parent.index] = (parent, groups)
    out = []
    for parent, groups in branching.values():
        cut = _committed_at(walk, groups, path)
        options = [_option(walk, g, branching, cut) for g in groups]
        choice = None
        for g, o in zip(groups, options, strict=True):
            if any(c.index in path for c in g) and walk.commit_span is not None:
                choice = Choice(o.id, walk.commit_span, walk.commit_rule)
        out.append(DerivedDecision(parent.label(), options, choice))
    return out


def _committed_at(walk: _Walk, groups: list[list[Node]], path: set[int]) -> int:
    """Where the text first says it goes on with the chosen option (or a state reached from
    it): judgements written after that are what came of the choice, not what it was made on.
    A text that lists moves, picks one at random and expands it would otherwise show its pick
    judged ("= 24") and the others not, whatever it picked. No cut without such a statement."""
    chosen = [g for g in groups if any(c.index in path for c in g)]
    if not chosen or not walk.commits:
        return _BIG
    reached = {n.index for c in chosen[0] for n in c.subtree()}
    return min((at for at, node in walk.commits if node.index in reached), default=_BIG)


def _same_attempts(children: list[Node]) -> list[list[Node]]:
    """Children grouped when they reach a common state: the same computations written in
    another order (a check after the fact, a restatement) are one option, not two."""
    groups: list[tuple[list[Node], set[int]]] = []
    for c in children:
        reach = c.reach()
        hits = [g for g in groups if g[1] & reach]
        members, merged = [c], set(reach)
        for g in hits:
            members = g[0] + members
            merged |= g[1]
            groups.remove(g)
        groups.append((members, merged))
    groups.sort(key=lambda g: g[0][0].index)
    return [g[0] if len(g[0]) == 1 else sorted(g[0], key=_BY_INDEX) for g in groups]


def _own(node: Node, branching: _Branching) -> Iterator[Node]:
    """The states of an option up to the next decision below it (which it includes): what
    comes after that belongs to that decision's options. Scoring an option by the best thing
    said anywhere below it had made a branch with more attempts look better (more chances of
    a "24") and counted one pick once per decision on its path, so picks made blind among
    attempts looked like search."""
    yield node
    if node.index not in branching:
        for c in node.children:
            yield from _own(c, branching)


def _option(walk: _Walk, group: list[Node], branching: _Branching,
            before: int = _BIG) -> Option:
    node = group[0]
    op = node.op
    assert op is not None
    judged_at = walk.judged
    judged: list[Judgement] = []
    end = op.end
    for g in group:
        for n in _own(g, branching):
            if n.op is not None and n.op.end > end:
                end = n.op.end
            if (js := judged_at.get(n.index)) is not None:
                judged += [j for j in js if j.span[0] < before]
    for j in judged:
        if j.span[1] > end:
            end = j.span[1]
    ok, detail, left = verdict(node.values, walk.target, walk.rules)
    attrs: dict[str, str | float | int | bool] = {
        "expr": node.items[0].expr if node.complete else canon(op.tree),
        "value": spell(op.value), "left": left, "extent_end": end,
        "move": canon(op.tree),  # breadth counts distinct computations, not their wording
    }
    if op.claim is not None:
        attrs["claimed"] = spell(op.claim)
        attrs["arith_ok"] = op.claim == op.value
    return Option(f"n{node.index}", (op.start, op.end), "computation", judged,
                  1.0 if ok else 0.0, detail, attrs)


@lru_cache(maxsize=1 << 16)
def verdict(values: tuple[Num, ...], target: Num, rules: Rules) -> tuple[bool, str, str]:
    """What the task's verifier says of a state that leaves `values` (whether it is or can
    still make the target, and in words), and the numbers spelled. Kept by the numbers: the
    options of a puzzle's traces leave the same numbers again and again."""
    return plain_verdict(values, target, rules)


def plain_verdict(values: tuple[Num, ...], target: Num, rules: Rules) -> tuple[bool, str, str]:
    """`verdict` computed."""
    if len(values) == 1:
        ok = values[0] == target
        detail = f"{spell(values[0])} {'=' if ok else '≠'} {spell(target)}"
    else:
        ok = reachable(values, target, rules)
        detail = f"{spell_all(values)} {'can' if ok else 'cannot'} reach {spell(target)}"
    return ok, detail, spell_all(values)
