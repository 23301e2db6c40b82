"""Arithmetic written in a scratchpad, found with exact character spans: every `a op b = r` move
and every longer expression, parsed into a tree and evaluated exactly (never `eval`ed).

The source text is only translated character for character (Unicode operators to ASCII, a
letter x between numbers to *), so every span indexes the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from scaffold.implicit.lexicon import SAID
from scaffold.tasks.arithmetic import Rules, fmt
from scaffold.tasks.expression import _TRANSLATE

_ONE_TO_ONE = {k: v for k, v in _TRANSLATE.items() if isinstance(v, str) and len(v) == 1}
_TABLE = str.maketrans(_ONE_TO_ONE)
_BY_CHAR = {chr(k): v for k, v in _ONE_TO_ONE.items()}
_TRANSLATED = re.compile("[" + "".join(re.escape(c) for c in _BY_CHAR) + "]")
_TIMES_X = re.compile(r"[\d)][ \t]*[xX](?=[ \t]*[\d(])")
"""An x between numbers; it starts with the digit or bracket before it (not a lookbehind) so
the search skips to candidate characters, and no match can hold the start of the next one."""
_RUN = re.compile(r"[\d \t+\-*/().]*\d[\d \t+\-*/().]*")
_SPAN = re.compile(r"[\d \t+\-*/().]*")
"""Run characters (`_RUN`) from a position on."""
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[-+*/()]")
_NUM = r"-?\d+(?:\.\d+)?(?:/\d+)?"
_NUM_RE = re.compile(_NUM)
_CLAIM = re.compile(rf"[ \t]*=[ \t]*(?P<r>{_NUM})")
_LEFT = re.compile(
    rf"[ \t,;(\[]*(?:\(|\[)?[ \t]*(?:left|remaining|remain|leaving|leaves|now(?: we)?(?: have)?"
    rf"|->|→|giving)[ \t]*[:=]?[ \t]*(?:[(\[][ \t]*)?"
    rf"(?P<nums>{_NUM}(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+|[ \t]+)"
    rf"{_NUM})*)", re.IGNORECASE)
_CELL_LEFT = re.compile(
    rf"[ \t]*\|[ \t]*(?P<nums>{_NUM}(?:(?:[ \t]*,[ \t]*|[ \t]+){_NUM})+)(?=[ \t]*\|)")
"""A table row's next cell of two numbers or more: the numbers left ("| 12-8=4 | 4 6 8 |")."""
_CELL_VALUE = re.compile(rf"[ \t]*\|[ \t]*(?P<r>{_NUM})[ \t]*(?=\|)")
"""A table row's next cell of one number: the stated result when its column says so."""
_FIELD_VALUE = re.compile(
    rf"[\"'][ \t]*,[ \t]*[\"']?(?:value|result|val|equals|evaluates_to|total)[\"']?[ \t]*[:=]"
    rf"[ \t]*[\"']?(?P<r>{_NUM})[\"']?", re.IGNORECASE)
"""A record's next field holding the stated result ('{"expr": "8*(4-1)", "value": 24}')."""
_VALUE_HEAD = re.compile(
    r"[ \t*]*(?:values?|results?|=|equals|gives|makes|comes to|evaluates to|outcome|total"
    r"|reach(?:es)?|gets?)[ \t*:]*$", re.IGNORECASE)
"""A column heading that names what the row's computation comes to ("| expression | value |")."""
_CLOSE = {"(": re.compile(r"[ \t]*\)"), "[": re.compile(r"[ \t]*\]")}
_HAS_OP = re.compile(r"[\d)][ \t]*[-+*/][ \t]*[-\d(]")
MAX_TOKENS = 60

Num = int | Fraction
"""Whole numbers stay ints (fast); anything else is an exact Fraction."""
Tree = Num | tuple[str, "Tree", "Tree"]


_LATEX = re.compile(r"\\(?:times|cdot|ast|div|left|right)(?![A-Za-z])|\\[,;!: ]")
_LATEX_AS = {"times": "*", "cdot": "*", "ast": "*", "div": "/"}


def _latex(m: re.Match[str]) -> str:
    """A LaTeX operator as the same number of characters: its ASCII operator, then spaces
    (`\\left`, `\\right` and spacing commands become spaces)."""
    return _LATEX_AS.get(m.group(0)[1:], " ").ljust(len(m.group(0)))


_P_NUM = r"\d+(?:\.\d+)?"
_PROSE = re.compile(
    rf"(?:\b(?P<verb>multiply|multiplying|add|adding|subtract|subtracting|take|taking|divide"
    rf"|dividing)[ \t]+(?P<a>{_P_NUM})[ \t]+(?P<conn>by|and|to|with|from)[ \t]+(?P<b>{_P_NUM})"
    rf"|(?<![\d.])(?P<a2>{_P_NUM})[ \t]+(?P<word>times|plus|minus|multiplied[ \t]+by"
    rf"|divided[ \t]+by)[ \t]+(?P<b2>{_P_NUM}))"
    rf"(?P<link>[ \t]*(?:,[ \t]*|[?.!][ \t]+(?=(?:that|this|it|which)\b))?"
    rf"(?:(?:which|that|and|then|so|to|this)[ \t]*){{0,2}}"
    rf"(?:(?:I|we|you|it)[ \t]*)?(?:(?:would|['’]d|will|['’]ll|should|can|must)[ \t]*)?"
    rf"(?:(?:get|gets|got|give|gives|gave|make|makes|equal|equals|is|['’]s|be|yield|yields)\b"
    rf"(?:[ \t]+(?:me|us)\b)?|=)[ \t]*)(?P<r>-?{_P_NUM})(?![\d.]*[ \t]*[-+*/][ \t]*[\d(])",
    re.IGNORECASE)
"""A computation said in words with its result: "if I multiply 6 by 4 I get 24", "add 8 and
4 to get 12", "subtract 5 from 13, which gives 8", "9 minus 6 is 3", "8 plus 16 would be 24",
"multiply 6 by 4? That gives 24" (a new sentence only where it starts with that, this, it or
which)."""
_VERB_OP = {"multiply": ("*", ("by", "with", "and")), "add": ("+", ("and", "to", "with")),
            "subtract": ("-", ("from",)), "take": ("-", ("from",)), "divide": ("/", ("by",))}
_WORD_OP = {"times": "*", "plus": "+", "minus": "-", "multiplied": "*", "divided": "/"}


def _prose(m: re.Match[str]) -> str:
    """A computation said in words as the same number of characters: "a op b", spaced to
    cover the words, then "=" before its stated result; unchanged where the words do not make
    a computation ("add 2 from 3") or it continues a written expression ("9 - 6 times 8")."""
    if m.group("verb"):
        stem = m.group("verb").lower().removesuffix("ing").removesuffix("e")
        op, conns = _VERB_OP[next(v for v in _VERB_OP if v.startswith(stem))]
        if m.group("conn").lower() not in conns:
            return m.group(0)
        a, b, b_end = m.group("a"), m.group("b"), m.end("b")
        if conns == ("from",):
            a, b = b, a
    else:
        if _continues(m.string, m.start()):
            return m.group(0)
        op = _WORD_OP[m.group("word").split()[0].lower()]
        a, b, b_end = m.group("a2"), m.group("b2"), m.end("b2")
    head = f"{a} {op} "
    said = head + " " * (b_end - m.start() - len(head) - len(b)) + b
    link = m.end("link") - b_end
    return said + ("=" if link < 2 else " =").ljust(link) + m.group("r")


def _continues(text: str, at: int) -> bool:
    """Whether an operand and an operator come just before `at` ("9 - 6 times 8"), so the
    words continue a written expression; a bullet's dash ("- 12 times 2 …") is no operator."""
    i = at
    while i and text[i - 1] in " \t":
        i -= 1
    if not i or text[i - 1] not in "+-*/=":
        return False
    i -= 1
    while i and text[i - 1] in " \t":
        i -= 1
    return i > 0 and (text[i - 1].isdigit() or text[i - 1] == ")")


def _said_in_words(out: str, said: list[int]) -> str:
    """`out` with each computation said in words (`_PROSE`) rewritten by `_prose`; `said` are
    where `lexicon.SAID` matched (an operator word or verb), so no pattern is tried at every
    character."""
    starts = set()
    for at in said:
        starts.add(at)
        j = at
        while j and out[j - 1] in " \t":
            j -= 1
        k = j
        while k and (out[k - 1].isdigit() or out[k - 1] == "."):
            k -= 1
        if k < j < at:
            starts.add(k)
    parts, done = [], 0
    for at in sorted(starts):
        if at < done or (m := _PROSE.match(out, at)) is None:
            continue
        parts += [out[done:at], _prose(m)]
        done = m.end()
    return "".join(parts) + out[done:] if parts else out


def translate(text: str, said: list[int] | None = None) -> str:
    """Same length as `text`: operators in ASCII (Unicode signs and LaTeX's \\times, \\cdot,
    \\div), x between numbers as *, markdown bold marks as spaces, computations said in words
    as `a op b = r` (`_PROSE`; `said`: where `lexicon.SAID` matches, if the caller has scanned
    the text already)."""
    if text.isascii():
        out = text.replace("[", "(").replace("]", ")")
    else:  # what text.translate(_TABLE) gives, without its dict lookup at every character
        out = _TRANSLATED.sub(_by_char, text)
    if "\\" in out:
        out = _LATEX.sub(_latex, out)
    if "**" in text:  # markdown bold around an expression, not a power ("**7 - (8 - 2)**")
        out = _bold_blanked(text, out)
    if said is None:
        said = [m.start() for m in SAID.finditer(text)]
    if said:
        out = _said_in_words(out, said)
    marks = [m.end() - 1 for m in _TIMES_X.finditer(out)]
    if not marks:
        return out
    chars = list(out)
    for i in marks:
        chars[i] = "*"
    return "".join(chars)


def _bold_blanked(text: str, out: str) -> str:
    """`out` with spaces where `text` has "**" (two stars written, not signs translated)."""
    chars = list(out)
    for m in _BOLD.finditer(text):
        chars[m.start()] = chars[m.start() + 1] = " "
    return "".join(chars)


_BOLD = re.compile(r"\*\*")


def _by_char(m: re.Match[str]) -> str:
    return _BY_CHAR[m.group()]


@dataclass(frozen=True)
class Op:
    """One written computation: its tree, exact value, the stated result and numbers left."""

    start: int
    end: int
    tree: Tree
    value: Num
    claim: Num | None
    claim_span: tuple[int, int] | None
    left: tuple[Num, ...] | None

def spell(value: Num) -> str:
    """13, -3 or 13/3."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is Fraction:  # already one: no copy
        return fmt(value)  # type: ignore[arg-type]
    return fmt(Fraction(value))


def spell_all(values: tuple[Num, ...] | list[Num]) -> str:
    return " ".join([str(v) if type(v) is int else spell(v) for v in values])


def leaves(tree: Tree) -> list[Num]:
    if not isinstance(tree, tuple):
        return [tree]
    return leaves(tree[1]) + leaves(tree[2])


def combine(a: Num, op: str, b: Num) -> Num | None:
    """a op b exactly (whole numbers stay ints), or None for division by zero."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        return a // b
    value = Fraction(a) / b
    return value.numerator if value.denominator == 1 else value


def _allowed(value: Num, rules: Rules) -> bool:
    if not rules.fractions and not isinstance(value, int):
        return False
    return rules.negatives or value > 0


def evaluate_tree(tree: Tree, rules: Rules | None = None) -> Num | None:
    """Exact value; None for division by zero or an intermediate the rules forbid."""
    if not isinstance(tree, tuple):
        return tree
    a = evaluate_tree(tree[1], rules)
    b = evaluate_tree(tree[2], rules) if a is not None else None
    if a is None or b is None:
        return None
    value = combine(a, tree[0], b)
    if value is None or (rules is not None and not _allowed(value, rules)):
        return None
    return value


@lru_cache(maxsize=1 << 16)
def canon(tree: Tree) -> str:
    """A spelling equal for trees that differ only in the order of + and * operands (kept:
    the same written trees recur across the traces of a puzzle)."""
    if not isinstance(tree, tuple):
        return spell(tree)
    a, b = canon(tree[1]), canon(tree[2])
    if tree[0] in "+*" and b < a:
        a, b = b, a
    return f"({a}{tree[0]}{b})"


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise ValueError("ends early")
        self.pos += 1
        return tok

    def expr(self, depth: int = 0) -> Tree:
        tree = self.term(depth)
        while self.peek() in ("+", "-"):
            tree = (self.take(), tree, self.term(depth))
        return tree

    def term(self, depth: int) -> Tree:
        tree = self.factor(depth)
        while self.peek() in ("*", "/"):
            tree = (self.take(), tree, self.factor(depth))
        return tree

    def factor(self, depth: int) -> Tree:
        tok = self.take()
        if tok == "(" and depth < 20:
            tree = self.expr(depth + 1)
            if self.take() != ")":
                raise ValueError("unbalanced")
            return tree
        if tok == "-" and (nxt := self.peek()) is not None and nxt[0].isdigit():
            return -_number(self.take())
        if tok[0].isdigit():
            return _number(tok)
        raise ValueError(tok)


def _number(tok: str) -> Num:
    if "." not in tok:
        return int(tok)
    value = Fraction(tok)
    return value.numerator if value.denominator == 1 else value


def parse_tree(tokens: list[str]) -> Tree | None:
    """The whole token list as one expression, or None."""
    try:
        parser = _Parser(tokens)
        tree = parser.expr()
    except (ValueError, ZeroDivisionError):
        return None
    return tree if parser.pos == len(tokens) else None



def _parse_run(text: str, start: int, end: int) -> tuple[int, int, Tree, Num | None] | None:
    """The longest suffix of the run that is a whole expression with an operator, and its
    value (None for a division by zero)."""
    found = _parse_piece(text[start:end])
    if found is None:
        return None
    return start + found[0], start + found[1], found[2], found[3]


@lru_cache(maxsize=1 << 16)
def _parse_piece(text: str) -> tuple[int, int, Tree, Num | None] | None:
    """`_parse_run` on a whole string: a pure function of the run's characters, so the same
    computation written again (as scratchpads of one puzzle do) is parsed once. None when no
    operator stands between two operands (`_HAS_OP`), which most runs without one fail.
    Spaces around the run only shift the spans, so the stripped run is parsed (and cached)."""
    if _HAS_OP.search(text) is None:
        return None
    core = text.strip(" \t")
    if len(core) == len(text):
        return _parse_core(core)
    found = _parse_core(core)
    if found is None:
        return None
    lead = len(text) - len(text.lstrip(" \t"))
    return found[0] + lead, found[1] + lead, found[2], found[3]


@lru_cache(maxsize=1 << 16)
def _parse_core(text: str) -> tuple[int, int, Tree, Num | None] | None:
    found = _parse_suffix(text)
    return None if found is None else (*found, evaluate_tree(found[2]))


_OPS = frozenset("+-*/")
_NOT_ENDING = frozenset("+-*/(")
"""First characters of the tokens that do not end an operand (a number or ")" does)."""
_NOT_OPENING = frozenset("+-*/)")
"""First characters of the tokens that do not open an operand (a number or "(" does)."""


def _parse_suffix(text: str) -> tuple[int, int, Tree] | None:
    """The longest suffix of the tokens (after dropping unmatched closing brackets at its end)
    that parses as one expression with an operator: its start, end and tree."""
    ms = list(_TOKEN.finditer(text))
    toks = [m.group() for m in ms]
    if len(toks) > MAX_TOKENS or _OPS.isdisjoint(toks):
        return None
    while toks and toks[-1] == "(":
        toks.pop()
    n = len(toks)
    opens = toks.count("(") - toks.count(")")
    # no suffix holding two operands side by side ("1 12", ") (", "4 (") parses: after an
    # operand only an operator, a ")" or the end can come
    stuck = -1
    for k in range(n - 2, -1, -1):
        if toks[k][0] not in _NOT_ENDING and toks[k + 1][0] not in _NOT_OPENING:
            stuck = k
            break
    for i in range(n):
        if i:
            prev = toks[i - 1]
            if prev == "(":
                opens -= 1
            elif prev == ")":
                opens += 1
        if i <= stuck:
            continue
        j = n
        if opens < 0 and toks[-1] == ")":
            k = -opens
            while k and j > i and toks[j - 1] == ")":
                j, k = j - 1, k - 1
        first = toks[i]
        if j - i < 3 or first in "+*/)":
            continue
        if first == "-" and text[ms[i].end():ms[i].end() + 1] in (" ", "\t"):
            continue
        tree = _flat(toks, i, j) if j - i <= 5 else None
        if tree is None:
            tree = parse_tree(toks[i:j])
        if isinstance(tree, tuple):
            return ms[i].start(), ms[j - 1].end(), tree
    return None


def _flat(toks: list[str], i: int, j: int) -> Tree | None:
    """The tree `parse_tree` gives for `a op b` and `a op b op c` (numbers without signs or
    brackets), read directly; None for any other shape (then `parse_tree` decides)."""
    a, op = toks[i], toks[i + 1]
    if not (a[0].isdigit() and op in _OPS and toks[i + 2][0].isdigit()):
        return None
    if j - i == 3:
        return (op, _number(a), _number(toks[i + 2]))
    if j - i != 5:
        return None
    op2, c = toks[i + 3], toks[i + 4]
    if not (op2 in _OPS and c[0].isdigit()):
        return None
    if op in "+-" and op2 in "*/":
        return (op, _number(a), (op2, _number(toks[i + 2]), _number(c)))
    return (op2, (op, _number(a), _number(toks[i + 2])), _number(c))


def read_number(tok: str) -> Num | None:
    """An integer, decimal or a/b as an exact number, or None (a/0)."""
    if tok.lstrip("-").isdigit():
        return int(tok)
    num, slash, den = tok.partition("/")
    if slash and den.isdecimal() and (num[1:] if num[:1] == "-" else num).isdecimal():
        # what Fraction(tok) reads, without parsing the text again
        if int(den) == 0:
            return None
        value = Fraction(int(num), int(den))
        return value.numerator if value.denominator == 1 else value
    try:
        value = Fraction(tok)
    except (ValueError, ZeroDivisionError):
        return None
    return value.numerator if value.denominator == 1 else value


@lru_cache(maxsize=1 << 14)
def _numbers(text: str) -> tuple[Num, ...] | None:
    out = []
    for tok in _NUM_RE.findall(text):
        value = read_number(tok)
        if value is None:
            return None
        out.append(value)
    return tuple(out) or None


_EQUALS = re.compile(r"[ \t]*=(?=[ \t]*[-\d(])")


_RESTATED = re.compile(r"[ \t]*=(?=[ \t]*[-\d(])[\d \t+\-*/().]*?[\d)][ \t]*[-+*/][ \t]*[-\d(]")
"""What `_restated` needs to find anything: `=`, then in the run after it an operator between
operands (`_HAS_OP`); most computations fail it, and are not looked at again."""


def _restated(src: str, e: int, end: int, value: Num) -> int:
    """Past `= 6 * 4` when that right-hand side is the same value said again (as in
    "(10 - 4) * (13 - 9) = 6 * 4 = 24"), so the stated result is the last one; else e."""
    while (eq := _EQUALS.match(src, e, end)) is not None:
        run = _RUN.match(src, eq.end(), end)
        if run is None or _HAS_OP.search(src, run.start(), run.end()) is None:
            return e
        found = _parse_run(src, run.start(), run.end())
        if found is None or found[0] != _skip_space(src, run.start()):
            return e
        tree = found[2]
        if isinstance(tree, tuple) and tree[0] == "/" and all(
                isinstance(t, int) for t in tree[1:]):
            return e
        if found[3] != value:
            return e
        e = found[1]
    return e


def _skip_space(src: str, i: int) -> int:
    while i < len(src) and src[i] in " \t":
        i += 1
    return i


def _cell_left(src: str, start: int, stop: int, end: int) -> re.Match[str] | None:
    """The numbers left in the next cell, when the computation is in a table row."""
    if src[stop:stop + 8].lstrip(" \t")[:1] != "|":
        return None
    line = src.rfind("\n", 0, start) + 1
    if src[line:start].lstrip(" \t>")[:1] != "|":
        return None
    return _CELL_LEFT.match(src, stop, end)


def _cell_value(src: str, start: int, stop: int, end: int) -> re.Match[str] | None:
    """The next cell's number, when the computation is in a table row and the heading of
    that cell's column names a value ("| # | expression | value |"): its stated result."""
    if (m := _CELL_VALUE.match(src, stop, end)) is None:
        return None
    line = src.rfind("\n", 0, start) + 1
    if src[line:start].lstrip(" \t>")[:1] != "|":
        return None
    head = line
    while head > 0:
        above = src.rfind("\n", 0, head - 1) + 1
        if src[above:head].lstrip(" \t>")[:1] != "|":
            break
        head = above
    row_end = src.find("\n", head)
    cells = src[head:len(src) if row_end < 0 else row_end].split("|")
    col = src.count("|", line, m.start("r"))
    return m if col < len(cells) and _VALUE_HEAD.match(cells[col]) else None


def _closed(src: str, left: re.Match[str], end: int) -> int:
    """Where a list of numbers left ends: after its closing bracket when the list opened one
    ("(left: 2 3 4)"), so a candidate's span does not stop inside its own brackets."""
    head = src[left.start():left.start("nums")]
    for opener in ("(", "["):
        if opener in head and (close := _CLOSE[opener].match(src, left.end(), end)):
            return close.end()
    return left.end()


def _span_end(src: str, pos: int, end: int) -> int:
    """Where the run characters from `pos` end (`_SPAN` matches, if only the empty string)."""
    m = _SPAN.match(src, pos, end)
    return pos if m is None else m.end()


def find_ops(text: str, start: int = 0, end: int | None = None,
             said: list[int] | None = None) -> list[Op]:
    """Every computation in text[start:end], in order, with exact values and stated claims
    (`said` as for `translate`)."""
    src = translate(text, said)
    end = len(text) if end is None else end
    ops: list[Op] = []
    # The runs (`_RUN`: the longest stretches of run characters with a digit) are found from
    # their operators: a run without one (`_HAS_OP`) holds no computation (`_parse_piece`).
    # The loop's helpers are bound to locals (it runs ~50 times a trace); a text without "|"
    # has no table row to read (`_cell_left` needs one after the computation).
    back, n, done = src[::-1], len(src), start
    last = -1
    span, parse, restated, claim_at = _SPAN.match, _parse_piece, _RESTATED.match, _CLAIM.match
    left_at, digit, bar = _LEFT.match, _DIGIT.search, "|" in src
    for op in _HAS_OP.finditer(src, start, end):
        p = op.start()
        if p < done:
            continue  # in the run just read
        m = span(back, n - p, n)
        at = p if m is None else n - m.end()
        if at < start:
            at = start
        m = span(src, p, end)
        done = p if m is None else m.end()
        # an operator match opens with a digit (then the run has one) or ")"
        if src[p] == ")" and digit(src, at, done) is None:
            continue
        found = parse(src[at:done])
        if found is None:
            continue
        e, value = at + found[1], found[3]
        if e <= last or value is None:
            continue
        claim = claim_span = None
        stop = _restated(src, e, end, value) if restated(src, e, end) else e
        if (m := claim_at(src, stop, end)
                or (_cell_value(src, at + found[0], stop, end) if bar else None)
                or (_FIELD_VALUE.match(src, stop, end) if src[stop:stop + 1] in "\"'" else None)
                ) is not None:
            claim = _read(m.group("r"))
            if claim is not None:
                claim_span = m.span("r")
                stop = m.end("r")
        left = None
        if (m := left_at(src, stop, end)
                or (_cell_left(src, at + found[0], stop, end) if bar else None)) is not None:
            left = _numbers(m.group("nums"))
            head = src[m.start():m.start("nums")]
            stop = _closed(src, m, end) if "(" in head or "[" in head else m.end()
        if claim is None and left is None and ops and _restates(found[2], ops[-1]):
            continue
        ops.append(_op(at + found[0], stop, found[2], value, claim, claim_span, left))
        last = stop
    return ops


def _restates(tree: Tree, before: Op) -> bool:
    """Whether a bare fraction ("That's 8/5, not 24") is the result just computed, said
    again, rather than a division."""
    return (isinstance(tree, tuple) and tree[0] == "/" and type(tree[1]) is int
            and type(tree[2]) is int and tree[2] != 0
            and Fraction(tree[1], tree[2]) in (before.value, before.claim))


_new = object.__new__


def _op(start: int, end: int, tree: Tree, value: Num, claim: Num | None,
        claim_span: tuple[int, int] | None, left: tuple[Num, ...] | None) -> Op:
    """`Op(...)` without the frozen dataclass's `__setattr__` per field (a third of the
    cost): the same fields in the same order, so an equal object."""
    op = _new(Op)
    op.__dict__.update(start=start, end=end, tree=tree, value=value, claim=claim,
                       claim_span=claim_span, left=left)
    return op


@lru_cache(maxsize=1 << 14)
def _read(tok: str) -> Num | None:
    """`read_number`, kept by the token: stated results recur."""
    return read_number(tok)
