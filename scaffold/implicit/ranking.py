"""Judgements that set options against each other, wherever they are written before the
choice: comparisons ("Option B is better than A", in running prose "Overall, Postgres beats
MongoDB", "Far ahead of the rest is ClickHouse"), superlatives ("the weakest is route B",
"Plan 2 is clearly the strongest", "Worst of the bunch: a small transformer") and rankings
("Ranking: C > A > B", "Order of preference: LinkedIn ads > cold email"). They judge only
options the text calls by label or by exactly their name, and rates in no other way (a stated
rating wins), and only before the text commits: what it says after its choice is the choice's
justification, not its cause."""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit import lexicon as lx
from scaffold.implicit.bullets import mentioned, name_of
from scaffold.implicit.model import Judgement, Option

_HEAD = rf"(?:(?i:{lx.HEAD_WORDS})\s*)"
_TOP = ("best", "strongest", "most promising", "most robust", "top choice", "clear winner",
        "winner", "front-runner", "frontrunner")
_BOTTOM = ("worst", "weakest", "least promising", "least attractive", "riskiest")
_SUPER = "|".join(sorted(_TOP + _BOTTOM, key=len, reverse=True))
_ITEM = r"[^.!?;:\n]{1,60}?"
_BOUND = r"(?=[ \t]*(?:[.!?;,\n]|$)|[ \t]+[-\u2013\u2014][ \t])"
_OPENS = r"(?:^|(?<=[.!?;:])[ \t]+|(?<=\n))[ \t>*#_-]*"
SUPERLATIVE = re.compile(
    rf"\b(?i:the)\s+(?P<w1>(?i:{_SUPER}))(?:\s+(?i:one|option|choice|bet|of (?:them|all|the \w+)))?"
    rf"\s+(?i:is|seems|looks like|would be)\s+(?i:clearly\s+|probably\s+)?(?P<x1>{_ITEM}){_BOUND}"
    rf"|{_OPENS}(?P<x2>{_ITEM})\s+(?i:is|seems|looks like|looks)\s+(?i:clearly\s+|probably\s+"
    rf"|by far\s+)?(?i:the)\s+(?P<w2>(?i:{_SUPER}))\b"
    rf"|{_OPENS}(?:(?i:the)\s+)?(?P<w3>(?i:{_SUPER}))\b[^.:\n]{{0,25}}:[ \t]*"
    rf"(?P<x3>{_ITEM}){_BOUND}",
    re.MULTILINE)
"""A superlative about one option, named by its label or its name: "the weakest is route B",
"Option C is by far the best", "Worst of the bunch: a small transformer."."""
_LEAD = (r"(?:(?i:overall|so|all in all|in the end|on balance|clearly|honestly|still|then|"
         r"and|but|in short|net|taken together)[ \t]*,?[ \t]+)*")
_BEATS = (r"(?i:beats|outperforms|outranks|trumps|edges out|wins over|is better than|is preferable"
          r" to|is superior to|is stronger than|comes out ahead of|is ahead of|has the edge over)")
_ADVERB = r"(?:(?i:clearly|easily|probably|narrowly|comfortably|still|just|far|well)[ \t]+)?"
PROSE = re.compile(
    rf"{_OPENS}{_LEAD}(?P<a>{_ITEM})[ \t]+{_ADVERB}{_BEATS}[ \t]+(?:(?i:the)[ \t]+)?"
    rf"(?P<b>{_ITEM}){_BOUND}"
    rf"|{_OPENS}(?i:between)[ \t]+(?P<p1>{_ITEM})[ \t]+(?i:and)[ \t]+(?P<p2>[^,.!?;:\n]{{1,60}}),"
    rf"[ \t]*(?P<w>{_ITEM})[ \t]+{_ADVERB}(?i:wins|comes out ahead|comes out on top|is better"
    rf"|is the better (?:one|option|choice|bet)){_BOUND}"
    rf"|{_OPENS}{_LEAD}(?i:i'?d[ \t]+|i would[ \t]+|i[ \t]+)?(?i:rate|rank|put|place)[ \t]+"
    rf"(?P<a2>{_ITEM})[ \t]+{_ADVERB}(?i:above|over|ahead of)[ \t]+(?P<b2>{_ITEM})"
    rf"(?:[ \t]+(?i:overall))?{_BOUND}"
    rf"|{_OPENS}{_LEAD}(?P<top>{_ITEM})[ \t]+{_ADVERB}(?i:comes out (?:ahead|on top)|wins(?: out"
    rf"| overall| hands down)?|is (?:far |well )?ahead of (?:the rest|the others|the pack|the "
    rf"field)|stands out)(?:[ \t]+(?i:overall))?{_BOUND}"
    rf"|{_OPENS}{_LEAD}(?i:(?:far |well |clearly )?ahead of (?:the rest|the others|the pack|the "
    rf"field)|standing out|the pick of the bunch)[ \t]+(?:is|was)[ \t]+(?P<top2>{_ITEM}){_BOUND}"
    rf"|{_OPENS}{_LEAD}(?P<low>{_ITEM})[ \t]+{_ADVERB}(?i:trails|lags behind|falls behind|is"
    rf" (?:far |well )?behind)[ \t]+(?i:the rest|the others|the pack|the field|everything else)"
    rf"{_BOUND}"
    rf"|{_OPENS}{_LEAD}(?i:(?:far |well )?behind (?:the rest|the others|the pack|the field)|"
    rf"trailing (?:the rest|the others|the pack|the field)|lagging behind(?: the rest| the others"
    rf")?)[ \t]+(?:is|was)[ \t]+(?P<low2>{_ITEM}){_BOUND}",
    re.MULTILINE)
"""Comparisons written in running prose about options called by label or exact name:
"Overall, Postgres beats MongoDB", "Plan 2 comes out ahead", "Far ahead of the rest is
ClickHouse", "SQLite trails the others". A comparison on one aspect ("faster than") is not
read: only an overall one says which option is worth more."""
RANKING = re.compile(
    r"\b(?:(?i:ranking|ranked|rank order|best to worst|order of preference"
    r"|(?P<up>worst to best))\b[^\n:]{0,40}|(?i:best)[ \t]*(?=:[^\n]*\b(?i:then|worst)\b)):"
    r"[ \t]*(?P<chain>[^\n]{1,300})")
"""A ranking line: options joined by ">" ("Ranking: C > A > B"), enumerated in one line
("Ranking: 1. Postgres 2. SQLite 3. Redis") or listed with commas or "then" ("From best to
worst: the pavilion, the rooftop, the hall", "Best: Datadog, then Loki, worst CloudWatch");
"worst to best" lists them the other way."""
_CHAIN_SEP = re.compile(r"[ \t]*(?:,|;|\bthen\b)[ \t]*(?:(?i:and|then|next|worst|last|finally)"
                        r"[ \t:,]+)*", re.IGNORECASE)
"""What parts the items of a ranking listed in words ("X, then Y, worst Z")."""
RANKED_LIST = re.compile(
    r"\b(?i:ranking|ranked|rank them|rank order|best to worst|order of preference)\b[^\n]{0,60}"
    r"[:\n][ \t]*$")
"""The line that introduces an enumerated list as a ranking ("Ranked from best to worst:")."""
_CHAIN = re.compile(rf"{_HEAD}?([A-Z]|\d{{1,2}})\b")
_ENUMERATED = re.compile(r"(?:^|[ \t]+)\d{1,2}[.)][ \t]+")


class Options:
    """Labelled options, found by what a judgement calls them: a label ("C", "option C") or,
    when every option has a distinct name, exactly that name ("a random forest")."""

    def __init__(self, options: list[Option], names: list[str] | None) -> None:
        self.options = options
        self.labels = {o.attrs.get("label"): o for o in options}
        self.names = dict(zip(names, options, strict=True)) if names else {}

    def named_in(self, text: str, start: int, end: int) -> list[Option]:
        """The options text[start:end] calls by exactly their name, in no set order."""
        options = list(self.names.values())
        return [options[i] for i in mentioned(text, start, end, list(self.names))]

    def find(self, said: str) -> Option | None:
        said = said.strip(" \t*_`\"'")
        if (m := _CHAIN.fullmatch(said)) is not None:
            return self.labels.get(m.group(1).lower())
        return self.names.get(name_of(said)) if self.names else None


def rank_list(text: str, first_head: int, options: list[Option], numbered: bool = True) -> None:
    """Judge an enumerated list ("1. ClickHouse", "2. Postgres", ...) by its rank when the line
    before it introduces a ranking: the first 1, the last 0, in between evenly. Without
    `numbered`, the options are the list's lines in order whatever their labels."""
    line = text.rfind("\n", 0, max(0, first_head - 1)) + 1
    m = RANKED_LIST.search(text, line, first_head)
    if len(options) < 2 or m is None:
        return
    labels = [o.attrs.get("label") for o in options]
    if numbered and labels != [str(k) for k in range(1, len(options) + 1)]:
        return
    phrase = m.group(0).rstrip()
    for k, o in enumerate(options):
        if not any(scaled(j) for j in o.judgements):
            o.judgements.append(Judgement(1 - k / (len(options) - 1),
                                          (m.start(), m.start() + len(phrase)), phrase))


def _value(word: str) -> float:
    return 1.0 if word.lower() in _TOP else 0.0


def relative(text: str, start: int, end: int, options: Options) -> list[tuple[Option,
                                                                             Judgement]]:
    """(option, judgement) of every comparison, superlative and ranking in text[start:end]."""
    out: list[tuple[Option, Judgement]] = []

    def add(said: str, value: float, m: re.Match[str]) -> None:
        if (o := options.find(said)) is not None:
            out.append((o, Judgement(value, (m.start(), m.end()), m.group(0).strip())))

    def pair(m: re.Match[str], a: str, b: str) -> None:
        """Better and worse, only when both are options ("X beats Y on cost" names no option
        after "beats", and one side of it alone would be a verdict it does not give)."""
        if (x := options.find(m.group(a))) is not None and options.find(m.group(b)) not in (
                None, x):
            add(m.group(a), 0.75, m)
            add(m.group(b), 0.25, m)

    for m in lx.COMPARE.finditer(text, start, end):
        pair(m, "a", "b")
    for m in PROSE.finditer(text, start, end):
        for a, b in (("a", "b"), ("a2", "b2")):
            if m.group(a):
                pair(m, a, b)
        if m.group("w"):  # "Between X and Y, Y wins": Y over X
            won, p1, p2 = (options.find(m.group(g)) for g in ("w", "p1", "p2"))
            if won is not None and won in (p1, p2) and p1 is not p2:
                add(m.group("w"), 0.75, m)
                add(m.group("p1" if won is p2 else "p2"), 0.25, m)
        for group, value in (("top", 1.0), ("top2", 1.0), ("low", 0.0), ("low2", 0.0)):
            if m.group(group) and not _pairwise(text, m, group, options, add):
                add(m.group(group), value, m)
    for m in SUPERLATIVE.finditer(text, start, end):
        form = next(i for i in "123" if m.group(f"w{i}"))
        add(m.group(f"x{form}"), _value(m.group(f"w{form}")), m)
    for m in RANKING.finditer(text, start, end):
        chain = m.group("chain").rstrip(" \t.")
        if _ENUMERATED.match(chain):
            items = _ENUMERATED.split(chain)[1:]
        elif ">" in chain:
            items = chain.split(">")
        else:
            items = [i for i in _CHAIN_SEP.split(chain) if i.strip()]
        if m.group("up"):
            items.reverse()
        found = [options.find(i) for i in items]
        if len(items) < 2 or None in found or len({id(o) for o in found}) != len(found):
            continue
        for k, item in enumerate(items):
            add(item, 1 - k / (len(items) - 1), m)
    return out


def _pairwise(text: str, m: re.Match[str], group: str, options: Options,
              add: Callable[[str, float, re.Match[str]], None]) -> bool:
    """"X beats Y on cost but Y is better on speed; overall X comes out ahead": in a sentence
    that names one other option, coming out ahead (or trailing) is a comparison of the two,
    not a verdict over every option. Returns whether it was read so."""
    said = options.find(m.group(group))
    if said is None:
        return False
    start = max(text.rfind(c, 0, m.start(group)) for c in ".!?\n") + 1
    others = [o for o in options.named_in(text, start, m.end()) if o is not said]
    if len(others) != 1:
        return False
    won = group.startswith("top")
    add(m.group(group), 0.75 if won else 0.25, m)
    out_name = next(n for n, o in options.names.items() if o is others[0])
    add(out_name, 0.25 if won else 0.75, m)
    return True


def judge_relative(text: str, start: int, end: int, options: list[Option],
                   names: list[str] | None) -> None:
    """Add the relative judgements of text[start:end] to the options they name that the text
    does not rate on a scale."""
    for o, judgement in relative(text, start, end, Options(options, names)):
        if not any(scaled(j) for j in o.judgements):
            o.judgements.append(judgement)


_SCALE_WORD = re.compile(r"(?i)(?:score|rating|rated|grade|grading|mark|total|overall|gets?|got"
                         r"|give[sn]?|gave|earn(?:s|ed)?|deserves?)\b")
"""How a rating's phrase may open ("score 7", "gets a C", "Grading Loki: C+")."""
_SCALE_UNIT = re.compile(r"(?i)\bstars?\b|percent\b")


def scaled(j: Judgement) -> bool:
    """A rating on a scale ("7/10", "★★★☆☆", "grade: B", "score 7", "a 40% chance"), which
    relative words do not override."""
    p = j.phrase
    return ("/" in p or "%" in p or p[:1].isdigit() or p[:1] in "★⭐"
            or _SCALE_WORD.match(p) is not None or _SCALE_UNIT.search(p) is not None)
