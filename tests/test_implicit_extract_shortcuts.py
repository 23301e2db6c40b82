"""The shortcuts that make number-game extraction fast give what the plain way gives: the run
parser against the suffix search it replaced (and find_ops with it against the plain
reading), the lazy try-order against the list it built, the state found
by its numbers against a scan of every state, cached node keys against computing them, and the
rewritten regexes against the ones they replaced."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit import arith_extract as ae
from scaffold.implicit import arith_nodes as an
from scaffold.implicit import arith_parse as ap
from scaffold.implicit.calibration import PROCESSES, texts
from scaffold.implicit.extract import text_task

# --- the run parser -------------------------------------------------------------------------


def _plain_suffix(text: str) -> tuple[int, int, ap.Tree] | None:
    """The suffix search as it was: every suffix's brackets counted again, every part parsed
    by the recursive-descent parser."""
    toks = [(m.start(), m.end(), m.group()) for m in ap._TOKEN.finditer(text)]
    if len(toks) > ap.MAX_TOKENS or not any(t[2] in "+-*/" for t in toks):
        return None
    while toks and toks[-1][2] == "(":
        toks.pop()
    for i in range(len(toks)):
        part = toks[i:]
        opens = sum(t[2] == "(" for t in part) - sum(t[2] == ")" for t in part)
        if opens < 0 and part[-1][2] == ")":
            n = -opens
            while n and part and part[-1][2] == ")":
                part, n = part[:-1], n - 1
        if len(part) < 3 or part[0][2] in "+*/)":
            continue
        if part[0][2] == "-" and text[part[0][1]:part[0][1] + 1] in (" ", "\t"):
            continue
        tree = ap.parse_tree([t[2] for t in part])
        if isinstance(tree, tuple):
            return part[0][0], part[-1][1], tree
    return None


def _plain_piece(text: str) -> tuple[int, int, ap.Tree, ap.Num | None] | None:
    if ap._HAS_OP.search(text) is None:
        return None
    found = _plain_suffix(text)
    return None if found is None else (*found, ap.evaluate_tree(found[2]))


def _same(a: object, b: object) -> bool:
    """Equal and spelled the same (an int is not taken for a whole Fraction)."""
    return a == b and repr(a) == repr(b)


_RUN_CHARS = st.sampled_from(["1", "2", "3", "12", "40", "7.5", "0", " ", "  ", "\t", "+", "-",
                              "*", "/", "(", ")", "."])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_RUN_CHARS, min_size=1, max_size=24).map("".join))
def test_run_parser_gives_the_plain_suffix_search(run: str) -> None:
    assert _same(ap._parse_piece(run), _plain_piece(run))


def test_run_parser_on_the_runs_of_calibration_texts() -> None:
    runs = 0
    for process in PROCESSES:
        for s in texts(process, 11, 15):
            for m in ap._RUN.finditer(ap.translate(s.text)):
                assert _same(ap._parse_piece(m.group()), _plain_piece(m.group())), m.group()
                runs += 1
    assert runs > 1000


# --- regexes and spelling -------------------------------------------------------------------

_LOOKBEHIND_TIMES_X = re.compile(r"(?<=[\d)])[ \t]*[xX](?=[ \t]*[\d(])")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="12)(xX \tax", max_size=30))
def test_times_x_marks_the_same_letters_as_the_lookbehind_pattern(text: str) -> None:
    plain = [m.end() - 1 for m in _LOOKBEHIND_TIMES_X.finditer(text)]
    assert [m.end() - 1 for m in ap._TIMES_X.finditer(text)] == plain


_NUMS = st.one_of(st.integers(-500, 500),
                  st.fractions(max_denominator=12).map(lambda f: Fraction(f)))


@given(st.lists(_NUMS, max_size=6))
def test_spell_all_spells_each_number(values: list[ap.Num]) -> None:
    assert ap.spell_all(values) == " ".join(ap.spell(v) for v in values)


@given(st.lists(st.sampled_from(["0", "3", "-3", "12", "6/3", "1/2", "-9/6", "4/0", "007"]),
                min_size=1, max_size=5))
def test_stated_numbers_read_as_fractions_would(tokens: list[str]) -> None:
    """`_named_state` reads "back to ..." numbers with read_number (ints when whole): the sorted
    tuple is equal to, and hashes as, the one Fraction made, and a/0 is refused either way."""
    try:
        plain = tuple(sorted(Fraction(t) for t in tokens))
    except ZeroDivisionError:
        plain = None
    read = [ap.read_number(t) for t in tokens]
    if plain is None:
        assert None in read
        return
    assert None not in read
    fast = tuple(sorted(read))  # type: ignore[type-var]
    assert fast == plain and hash(fast) == hash(plain)


# --- the walk -------------------------------------------------------------------------------


def _plain_order(walk: ae._Walk, op: ap.Op) -> list[an.Node]:
    """The try-order as it was built: a list per computation, deduplicated at the end."""
    anc = walk.current.ancestors()
    if walk.goto is not None:
        anc = [walk.goto, *anc]
    finished = walk.cue == ae.NONE and walk.current.complete and op.left is None
    cue = ae.BACK if finished else walk.cue
    if cue == ae.RESTART:
        first = [walk.root, *anc, walk.current]
    elif cue == ae.BACK:
        first = [*anc, walk.current]
    elif cue == ae.WEAK:
        first = [walk.current, *anc]
    else:
        first = [walk.current]
    if cue != ae.NONE:
        recent = list(reversed(walk.visited.values()))
        if len(recent) < len(walk.nodes):
            recent += [n for n in walk.nodes if not n.visits]
        first += recent
    return list({n.index: n for n in first}.values())


def _plain_pre_values(op: ap.Op, left: tuple[ap.Num, ...]) -> list[tuple[ap.Num, ...]]:
    out = []
    for tree in an._written_ways(op.tree):
        rest = list(left)
        if op.value not in rest:
            continue
        rest.remove(op.value)
        out.append(tuple(sorted([*rest, *ap.leaves(tree)])))
    return out


class _CheckedWalk(ae._Walk):
    """A walk that checks, before placing each computation, that the lazy order and the
    cached lookups give what the plain way gives."""

    checked = 0
    walks: ClassVar[list[ae._Walk]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _CheckedWalk.walks.append(self)

    def place(self, op: ap.Op) -> an.Node | None:
        assert [n.index for n in self.tries(op)] == [n.index for n in _plain_order(self, op)]
        assert self.first_try(op) is _plain_order(self, op)[0]
        assert an.readings(op, self.rules) == an._readings.__wrapped__(
            op.tree, self.rules.fractions, self.rules.negatives, op.claim)
        if op.left is not None:
            assert list(an.pre_values(op, op.left)) == _plain_pre_values(op, op.left)
        _CheckedWalk.checked += 1
        return super().place(op)


@pytest.fixture(scope="module")
def checked_walks() -> list[ae._Walk]:
    mp = pytest.MonkeyPatch()
    mp.setattr(ae, "_Walk", _CheckedWalk)
    _CheckedWalk.walks = []
    try:
        for process in PROCESSES:
            for s in texts(process, 5, 20):
                task = text_task(s.task, s.instance)
                if task.grounded:
                    assert task.target is not None and task.rules is not None
                    ae.extract_arithmetic(s.text, task.numbers, task.target, task.rules)
    finally:
        mp.undo()
    return _CheckedWalk.walks


def test_try_order_and_cached_readings_are_the_plain_ones(checked_walks: list[ae._Walk]
                                                          ) -> None:
    assert len(checked_walks) > 50 and _CheckedWalk.checked > 500


def test_node_keys_and_values_kept_per_tuple_are_computed_ones(checked_walks: list[ae._Walk]
                                                               ) -> None:
    nodes = [n for w in checked_walks for n in w.nodes]
    assert len(nodes) > 500
    for n in nodes:
        assert n.key == an.key_of(n.items)
        assert n.values == an.values_of(n.items)
        assert an.shape(n.items) == (n.key, n.values)


def test_a_named_state_is_the_last_state_with_those_numbers(checked_walks: list[ae._Walk]
                                                            ) -> None:
    for w in checked_walks:
        for n in w.nodes:
            last = next(m for m in reversed(w.nodes) if m.values == n.values)
            assert w.by_values[n.values][-1] is last


# --- what follows a computation ---------------------------------------------------------------


def _plain_find_ops(text: str, start: int = 0, end: int | None = None) -> list[ap.Op]:
    """find_ops as it was, with the plain suffix search."""
    src = ap.translate(text)
    end = len(text) if end is None else end
    ops: list[ap.Op] = []
    for run in ap._RUN.finditer(src, start, end):
        found = _plain_piece(run.group())
        if found is None:
            continue
        at = run.start()
        s, e, tree, value = at + found[0], at + found[1], found[2], found[3]
        if (ops and e <= ops[-1].end) or value is None:
            continue
        claim = claim_span = None
        stop = ap._restated(src, e, end, value)
        if (m := ap._CLAIM.match(src, stop, end)) is not None:
            claim = ap.read_number(m.group("r"))
            if claim is not None:
                claim_span = (m.start("r"), m.end("r"))
                stop = m.end()
        left = None
        if (m := ap._LEFT.match(src, stop, end) or ap._cell_left(src, s, stop, end)
                ) is not None:
            left = ap._numbers(m.group("nums"))
            stop = ap._closed(src, m, end)
        ops.append(ap.Op(s, stop, tree, value, claim, claim_span, left))
    return ops


_PIECES = st.sampled_from(["2 * 5 = 10", " = 6 * 4 = 24", " (left 2, 5, 34)", " left: 3 and 7",
                           "\n", " -> 2 14 25", "14 + 20", " = ", "34 − 5 = 29", "3/0", " 7",
                           "(10 - 4) * (13 - 9)", " remaining 1/2 3", ", then ", "6 x 4",
                           "\\times 3", " = 24\n", "giving 5", "  ", "\t", "| ", " |",
                           "| 4 6 8 |", " | 2 3 |"])
"""Pieces of text around computations; the table cells ("| 4 6 8 |") read as numbers left
only where a row holds them (`arith_parse._cell_left`), which find_ops skips for a text with
no "|" at all."""


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join), st.integers(0, 200))
def test_find_ops_gives_the_plain_reading(text: str, cut: int) -> None:
    assert _same(ap.find_ops(text), _plain_find_ops(text))
    end = min(cut, len(text))
    assert _same(ap.find_ops(text, 0, end), _plain_find_ops(text, 0, end))


def test_find_ops_on_calibration_texts_is_the_plain_reading() -> None:
    for process in PROCESSES:
        for s in texts(process, 13, 10):
            assert _same(ap.find_ops(s.text), _plain_find_ops(s.text))


# --- what find_ops and the event list skip ----------------------------------------------------


@given(st.integers(0, 50), st.integers(0, 50), st.sampled_from([1, 2, Fraction(5, 3), -4]),
       st.none() | st.sampled_from([24, Fraction(1, 2)]),
       st.none() | st.tuples(st.integers(0, 9), st.integers(10, 20)),
       st.none() | st.lists(st.sampled_from([3, 7, Fraction(2, 3)]), max_size=3).map(tuple))
def test_an_op_made_without_setattr_is_the_dataclass_op(start: int, end: int, value: ap.Num,
                                                         claim: ap.Num | None,
                                                         span: tuple[int, int] | None,
                                                         left: tuple[ap.Num, ...] | None) -> None:
    tree = ("+", value, 1)
    fast = ap._op(start, end, tree, value, claim, span, left)
    plain = ap.Op(start, end, tree, value, claim, span, left)
    assert type(fast) is ap.Op
    assert _same(fast, plain) and hash(fast) == hash(plain)
    assert vars(fast) == vars(plain) and list(vars(fast)) == list(vars(plain))


@given(st.from_regex(r"-?\d{1,3}(?:\.\d{1,2})?(?:/\d{1,2})?", fullmatch=True))
def test_a_stated_number_kept_by_its_token_is_read_again_alike(tok: str) -> None:
    first, again = ap._read(tok), ap._read(tok)
    assert _same(first, ap.read_number(tok)) and _same(again, ap.read_number(tok))


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)).map(
    lambda t: (t[0], t[0] + t[1])), max_size=6)


def _increasing(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans whose starts and ends both increase, as find_ops's op spans and the answer
    lines are (overlaps allowed, as consecutive ops can have)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if not out or (s > out[-1][0] and e > out[-1][1]):
            out.append((s, e))
    return out


@given(_SPANS, _SPANS)
def test_one_search_in_the_merged_spans_is_the_two_searches(a: list[tuple[int, int]],
                                                             b: list[tuple[int, int]]) -> None:
    a, b = _increasing(a), _increasing(b)
    merged = ae._merged(a, b)
    for pos in range(-1, 80):
        assert ae._inside(pos, merged) == (ae._inside(pos, a) or ae._inside(pos, b))


def test_kept_verdicts_are_the_computed_ones(checked_walks: list[ae._Walk]) -> None:
    states = 0
    for w in checked_walks:
        for n in w.nodes:
            kept = ae.verdict(n.values, w.target, w.rules)
            assert _same(kept, ae.plain_verdict(n.values, w.target, w.rules))
            assert _same(ae.verdict(n.values, w.target, w.rules), kept)
            states += 1
    assert states > 500


@given(st.lists(st.sampled_from([1, 2, 3, 24, -4, Fraction(1, 2), Fraction(8, 3), 0]),
                min_size=1, max_size=4))
def test_a_verdict_is_kept_per_equal_numbers_and_rules(values: list[ap.Num]) -> None:
    from scaffold.tasks.arithmetic import COUNTDOWN_RULES, GAME24_RULES
    key = tuple(sorted(values))
    for rules in (GAME24_RULES, COUNTDOWN_RULES):
        for target in (24, 3):
            assert _same(ae.verdict(key, target, rules), ae.plain_verdict(key, target, rules))


@given(st.lists(st.from_regex(r"-?\d{1,2}(?:/\d)?", fullmatch=True), min_size=1, max_size=5),
       st.sampled_from([" ", ", ", " and ", "\t"]))
def test_a_stated_list_kept_by_its_text_reads_as_its_numbers(tokens: list[str], sep: str
                                                              ) -> None:
    listed = sep.join(tokens)
    numbers = [ap.read_number(t) for t in ae._STATE_NUMBER.findall(listed)]
    plain = None if None in numbers else tuple(sorted(numbers))  # type: ignore[type-var]
    for _ in range(2):  # computed, then kept
        assert _same(ae.state_key(listed), plain)


def test_find_ops_reads_the_numbers_left_in_a_table_row() -> None:
    text = "| step | left |\n| 12 - 8 = 4 | 4 6 8 |\n| 4 * 6 = 24 | 24 8 |\nthen 24 / 8 = 3 | 3"
    ops = ap.find_ops(text)
    assert [op.left for op in ops] == [(4, 6, 8), (24, 8), None]
    assert _same(ops, _plain_find_ops(text))
