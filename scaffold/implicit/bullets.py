"""Options written as an unlabelled bullet list ("- Redis: fast, the best fit.") or as the rows
of a markdown table ("| Redis | fast | 8/10 |"), named by their words: the text's choice must
name one of them ("I'll go with Redis"), as it must name a label for labelled options. Read
conservatively: a block of at least two bullets (or rows) with distinct names, one decision per
text, and no choice unless a commitment or an answer names one, or the text's closing line
names one alone."""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit.acted_on import closing_line
from scaffold.implicit.model import Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.stated_choice import RANDOM_PICK, stated_choice

_BULLET = re.compile(
    r"^[ \t]*[-*•+][ \t]+(?P<name>[^\n:\u2013\u2014\u2192]{1,60}?)"
    r"(?:[ \t]*(?::|\u2013|\u2014|\u2192|[ \t]-(?=[ \t]|$)|[ \t]-+>)(?P<said>[^\n]*)"
    r"|[ \t]*\.?[ \t]*)$",
    re.MULTILINE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_MAX_NAME_WORDS = 8
_NOT_NAMES = frozenset({
    "pro", "pros", "con", "cons", "advantage", "advantages", "disadvantage", "disadvantages",
    "upside", "upsides", "downside", "downsides", "benefit", "benefits", "drawback", "drawbacks",
    "cost", "costs", "risk", "risks", "note", "notes", "time", "effort", "example", "summary",
    "verdict", "result", "step", "goal", "problem", "question", "answer", "idea", "ideas"})
"""Bullet names that head a property of one option, not an option ("- Pros: fast")."""

Judge = Callable[[str, int, int], list[Judgement]]


RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?[ \t]*)?$", re.MULTILINE)
"""A markdown table's rule under its header row ("|---|---|")."""
_ROW = re.compile(r"[ \t]*\|[ \t]*(?P<name>[^|\n]{1,60}?)[ \t]*\|(?P<said>[^\n]*)$", re.MULTILINE)
"""A table row below the rule: named by its first cell, judged by the others."""


def _blocks(text: str) -> list[list[re.Match[str]]]:
    """Runs of bullet lines one after another (no other line between them), and the rows of
    each markdown table below its rule, in text order."""
    blocks: list[list[re.Match[str]]] = []
    for m in _BULLET.finditer(text):
        if blocks and text.count("\n", blocks[-1][-1].end(), m.start()) == 1:
            blocks[-1].append(m)
        else:
            blocks.append([m])
    if "|" not in text:
        return blocks
    for rule in RULE.finditer(text):
        rows: list[re.Match[str]] = []
        at = rule.end() + 1
        while (row := _ROW.match(text, at)) is not None:
            rows.append(row)
            at = row.end() + 1
        if rows:
            blocks.append(rows)
    return sorted(blocks, key=lambda b: b[0].start())


def _name(m: re.Match[str]) -> str:
    return name_of(m.group("name"))


def name_of(said: str) -> str:
    """An option's name as a choice may say it: markdown emphasis around it ("**Redis**") and
    a leading article dropped, lower case; "" for a name of one character ("A*" stays "a*")."""
    name = said.strip(" \t")
    for mark in ("**", "__", "*", "_", "`"):
        if name.startswith(mark) and name.endswith(mark) and len(name) > 2 * len(mark):
            name = name[len(mark):-len(mark)].strip(" \t")
            break
    name = _ARTICLE.sub("", name).lower()
    return name if len(name) > 1 else ""


def _named(block: list[re.Match[str]]) -> bool:
    names = [_name(m) for m in block]
    return (len(block) >= 2 and all(names) and len(set(names)) == len(names)
            and all(len(n.split()) <= _MAX_NAME_WORDS and n not in _NOT_NAMES for n in names))


def named_in(text: str, start: int, names: list[str]) -> int | None:
    """The index of the name said first in text[start:] up to the line's end (60 characters
    at most); at one place the longest name wins."""
    end = text.find("\n", start)
    window = text[start:min(start + 60, len(text) if end < 0 else end)].lower()
    found = [(m.start(), -len(n), i) for i, n in enumerate(names)
             if (m := re.search(rf"(?<!\w){re.escape(n)}(?!\w)", window)) is not None]
    return min(found)[2] if found else None


def mentioned(text: str, start: int, end: int, names: list[str]) -> set[int]:
    """The indices of the names text[start:end] says; a name inside a longer one that is also
    said ("sort" in "insertion sort") is not a mention of its own."""
    low = text[start:end].lower()
    found = {i for i, n in enumerate(names) if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", low)}
    return {i for i in found if not any(j != i and names[i] in names[j] for j in found)}


def choice_by_name(text: str, options: list[Option], names: list[str], after: int
                   ) -> Choice | None:
    """The option (one per name) that a commitment or answer after `after` names."""
    def named(pos: int) -> Option | None:
        i = named_in(text, pos, names)
        return None if i is None else options[i]

    return (stated_choice(text, options, after, after, named)
            or _closing_name(text, options, names, after))


def _closing_name(text: str, options: list[Option], names: list[str], after: int
                  ) -> Choice | None:
    """The option the text's closing line (`acted_on.closing_line`) names, alone ("From now
    on: unsweetened applesauce."), in a text that does not say its pick was random."""
    if (span := closing_line(text, options, after)) is None or RANDOM_PICK.search(text):
        return None
    if len(found := mentioned(text, *span, names)) != 1:
        return None
    return Choice(options[found.pop()].id, span, "the closing line names this option")


def extract_bullets(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the first named bullet block, and the bullet a commitment or an
    answer after it names."""
    block = next((b for b in _blocks(text) if _named(b)), None)
    if block is None:
        return []
    names = [_name(m) for m in block]
    options = [
        Option(f"o{i + 1}", (m.start(), m.end()), "bullet option",
               judge(text, m.start("name"), m.end("said")) if m.group("said") is not None
               else [], attrs={"label": names[i]})
        for i, m in enumerate(block)
    ]
    after = block[-1].end()

    return [DerivedDecision("bullet options", options,
                            choice_by_name(text, options, names, after))]
