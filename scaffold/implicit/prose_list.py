"""Options named in a list that says nothing else of them, judged after it, each in a sentence
of its own that names it ("Heapsort gets 6/10 from me.", "SQLite is ruled out: it fails on
cost."). The list is one sentence ("Options I can think of: Postgres, SQLite and MongoDB.",
"Candidates: (a) a CDN (b) sharding") or lines that hold a mark and a name only ("1. The
night bus"), as reasoning traces write them alongside labelled options.

Read conservatively: a sentence list must follow a word that announces options, and every
list holds two to six short, distinct names with no judgement among them; a sentence judges
an option only if it names that option and no other (a comparison of two is read by
`ranking`); the choice must name one (`stated_choice`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit import lexicon as lx
from scaffold.implicit.bullets import choice_by_name, mentioned, name_of
from scaffold.implicit.model import DerivedDecision, Judgement, Option
from scaffold.implicit.ranking import judge_relative, rank_list
from scaffold.implicit.ratings import rated

Judge = Callable[[str, int, int, str | None], list[Judgement]]
"""What text[start:end] says of the option called `name` (`freetext._judgements`)."""

_INTRO = re.compile(
    r"\b(?:(?:options|candidates|choices|alternatives|possibilities|approaches|contenders"
    r"|ideas)\b(?:[^.:;\n]{0,30}?:|[ \t]+(?:are|would be|include)\b:?)"
    r"|(?:i'?ve|i have|we'?ve|we have)[ \t]+(?:read up on|looked (?:at|into)|compared"
    r"|shortlisted|narrowed (?:it )?down to|considered|been weighing))[ \t]*", re.IGNORECASE)
"""Words that announce a list of options, up to where the list begins (plural: "One option is
Dijkstra: simple, exact, ..." describes one option), or say the writer has looked at them
("I've read up on Loki, Datadog and CloudWatch.")."""
_LIST_END = re.compile(r"[.!?;](?=\s|$)|\n")
_SEPARATOR = re.compile(r"[ \t]*(?:,[ \t]*(?:and|or)[ \t]+|,|[ \t]+(?:and|or)[ \t]+)[ \t]*",
                        re.IGNORECASE)
_ENUM = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:and|or)[ \t]+)?\((?:[a-z]|\d{1,2})\)[ \t]*")
"""An enumeration label inside a line, with what joins it to the item before."""
_CLAUSE = re.compile(r"(?:but|which|that|so|because|though|although|with|without|if|when|it"
                     r"|is|are|was|we|i|you|they)\b")
"""Words that open a clause, not a name."""
_NAME_LINE = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|\(?[a-hA-H]\)|[-*\u2022+])[ \t]+"
                        r"(?P<name>[^\n]{1,60}?)[ \t]*$", re.MULTILINE)
_SAID = re.compile(r"[:|\u2013\u2014]|[ \t]-(?:[ \t]|$)")
"""What would say something about an item after its name ("Redis: fast")."""
SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?]+(?![\s.!?]|$)|\.{2,}(?=[ \t]+[a-z]))+"
                      r"(?:[.!?]+(?=\s|$)|$)", re.MULTILINE)
"""A sentence or the rest of a line; a point inside a word or number ("4.5/5", "e.g.,") ends
none, nor does an ellipsis that the sentence goes on after ("Typing 'jade'... red light.")."""
_MAX_WORDS = 6
_MAX_OPTIONS = 6


def _items(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """(start, end, name) of each item of the list text[start:end], or None unless it is a list
    of two to six distinct short names. Items are separated by commas, "and" and "or", or by
    enumeration labels ("(a) Redis (b) Postgres")."""
    at = start
    enums = list(_ENUM.finditer(text, start, end))
    if len(enums) >= 2 and enums[0].start() == start:
        at = enums[0].end()
        seps: list[re.Match[str] | None] = [*enums[1:], None]
        if (m := _OPENER.search(text, enums[-1].end(), end)) is not None:
            end = m.start()  # "(c) an email campaign Between …": the list ends there
    else:
        seps = [*_SEPARATOR.finditer(text, start, end), None]
    items = []
    for sep in seps:
        stop = end if sep is None else sep.start()
        items.append((at, stop))
        at = end if sep is None else sep.end()
    return _named(text, items)


_OPENER = re.compile(
    r"(?<=\w)[ \t]+(?=(?:Between|Comparing|Overall|So|Now|Next|Let|Let's|I|I'm|I'd|I'll|My|We"
    r"|Hmm|Okay|OK|Well|Also|But|Then|Net|Decision|Answer|Final|Going|Honestly|Looking|Given"
    r"|First|Finally|Clearly|On|In)[ \t,])")
"""A word that opens a sentence, after the last item of an enumeration written on one line
with no full stop ("(c) an email campaign Between …")."""


def _named(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]] | None:
    """(start, end, name) of each item span, or None unless they are two to six distinct short
    names."""
    out: list[tuple[int, int, str]] = []
    for at, stop in spans:
        raw = _ENUM.sub("", text[at:stop], count=1).rstrip(" \t,;")
        name = name_of(raw)
        if (not name or len(name.split()) > _MAX_WORDS or not any(c.isalpha() for c in name)
                or _CLAUSE.match(name) or _SAID.search(name) or lx.judgements_in(raw, 0, len(raw))
                or rated(raw, 0, len(raw))):
            return None  # a clause or a judgement: the list describes, it does not name
        lead = len(raw) - len(raw.lstrip(" \t*_"))
        out.append((at + lead, at + len(raw), name))
    names = [n for _, _, n in out]
    if not 2 <= len(out) <= _MAX_OPTIONS or len(set(names)) < len(names):
        return None
    return out


def name_lines(text: str) -> tuple[list[tuple[int, int, str]], int] | None:
    """The first run of two or more lines, one after another, that each hold an enumeration
    mark or bullet and a name only ("1. The night bus" / "2. A rental car"), and where the
    run ends. Such a list says nothing of its options: what follows judges them by name (read
    as a labelled option, the last one would swallow every judgement written after it)."""
    run: list[re.Match[str]] = []
    for m in [*_NAME_LINE.finditer(text), None]:
        if m is not None and run and text.count("\n", run[-1].end(), m.start()) == 1:
            run.append(m)
            continue
        if len(run) >= 2 and (items := _named(text, [r.span("name") for r in run])):
            return items, run[-1].end()
        run = [] if m is None else [m]
    return None


def _listed(text: str) -> tuple[list[tuple[int, int, str]], int] | None:
    """The first announced list of options, and where its sentence ends; else options put
    forward one sentence each (`_one_by_one`)."""
    for m in _INTRO.finditer(text):
        end_m = _LIST_END.search(text, m.end())
        end = len(text) if end_m is None else end_m.start()
        if (items := _items(text, m.end(), end)) is not None:
            return items, min(end, items[-1][1] + 1)
    return _one_by_one(text)


_KIND = r"(?:route|option|idea|choice|approach|possibility|way|candidate|path|plan|one)"
_IS = r"[ \t]+(?:is|would be|could be)[ \t]+"
_FIRST_ITEM = re.compile(
    rf"(?:^|(?<=[.!?:])[ \t]+|(?<=\n))(?:one|the first|a first)[ \t]+{_KIND}{_IS}"
    r"(?P<name>[^.!?;\n]{1,60}?)[ \t]*[.!?;]", re.IGNORECASE | re.MULTILINE)
_NEXT_ITEM = re.compile(
    rf"[ \t]+(?:another(?:[ \t]+{_KIND})?{_IS}|a[ \t]+(?:second|third|fourth)(?:[ \t]+{_KIND})?"
    rf"{_IS}|(?:and[ \t]+)?then there'?s[ \t]+|there'?s also[ \t]+|we could also (?:try|use|go"
    r" with)[ \t]+|or[ \t]+)(?P<name>[^.!?;\n]{1,60}?)[ \t]*[.!?;]", re.IGNORECASE)
"""Options put forward one sentence each, one after another on a line: "One route is Flutter.
Another is React Native. Then there's a PWA." (each name then judged like a listed one)."""


def _one_by_one(text: str) -> tuple[list[tuple[int, int, str]], int] | None:
    """The first run of two or more sentences that put options forward one by one
    (`_NEXT_ITEM`), and where the run ends."""
    for m in _FIRST_ITEM.finditer(text):
        spans, end = [m.span("name")], m.end()
        while (n := _NEXT_ITEM.match(text, end)) is not None:
            spans.append(n.span("name"))
            end = n.end()
        if len(spans) >= 2 and (items := _named(text, spans)) is not None:
            return items, end
    return None


def extract_prose_list(text: str, judge: Judge, lines: bool = False) -> list[DerivedDecision]:
    """At most one decision: the first announced list (with `lines`, the first `name_lines`
    list), each option judged by the sentences after it that name it alone, and the option a
    later commitment or answer names."""
    found = name_lines(text) if lines else _listed(text)
    if found is None:
        return []
    items, list_end = found
    names = [n for _, _, n in items]
    options = [Option(f"o{i + 1}", (s, e), "listed option", attrs={"label": n})
               for i, (s, e, n) in enumerate(items)]

    choice = choice_by_name(text, options, names, list_end)
    until = len(text) if choice is None else choice.span[0]
    sentences = [(s.start(), s.end()) for s in SENTENCE.finditer(text, list_end, until)]
    for k, (start, end) in enumerate(sentences):
        said = mentioned(text, start, end, names)
        if len(said) != 1:
            continue
        i = said.pop()
        if (text[end - 1] == "?" and k + 1 < len(sentences)  # "Confidence in X? About 60%."
                and not mentioned(text, *sentences[k + 1], names)):
            end = sentences[k + 1][1]
        options[i].judgements += judge(text, start, end, names[i])
    judge_relative(text, list_end, until, options, names)
    if lines:
        rank_list(text, text.rfind("\n", 0, items[0][0]) + 1, options, numbered=False)
    return [DerivedDecision("listed options", options, choice)]
