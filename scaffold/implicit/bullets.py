"""Options written as an unlabelled bullet list ("- Redis: fast, the best fit."), named by their
words: the text's choice must name one of them ("I'll go with Redis"), as it must name a label
for labelled options. Read conservatively: a block of at least two bullets with distinct names,
one decision per text, and no choice unless a commitment or an answer names a bullet."""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit.model import DerivedDecision, Judgement, Option
from scaffold.implicit.stated_choice import stated_choice

_BULLET = re.compile(
    r"^[ \t]*[-*•+][ \t]+(?P<name>[^\n:\u2013\u2014]{1,60}?)"
    r"(?:[ \t]*(?::|\u2013|\u2014|[ \t]-(?=[ \t]|$))(?P<said>[^\n]*)|[ \t]*\.?[ \t]*)$",
    re.MULTILINE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_MAX_NAME_WORDS = 6
_NOT_NAMES = frozenset({
    "pro", "pros", "con", "cons", "advantage", "advantages", "disadvantage", "disadvantages",
    "upside", "upsides", "downside", "downsides", "benefit", "benefits", "drawback", "drawbacks",
    "cost", "costs", "risk", "risks", "note", "notes", "time", "effort", "example", "summary",
    "verdict", "result", "step", "goal", "problem", "question", "answer", "idea", "ideas"})
"""Bullet names that head a property of one option, not an option ("- Pros: fast")."""

Judge = Callable[[str, int, int], list[Judgement]]


def _blocks(text: str) -> list[list[re.Match[str]]]:
    """Runs of bullet lines one after another (no other line between them)."""
    blocks: list[list[re.Match[str]]] = []
    for m in _BULLET.finditer(text):
        if blocks and text.count("\n", blocks[-1][-1].end(), m.start()) == 1:
            blocks[-1].append(m)
        else:
            blocks.append([m])
    return blocks


def _name(m: re.Match[str]) -> str:
    return _ARTICLE.sub("", m.group("name").strip(" \t*_`")).lower()


def _named(block: list[re.Match[str]]) -> bool:
    names = [_name(m) for m in block]
    return (len(block) >= 2 and all(names) and len(set(names)) == len(names)
            and all(len(n.split()) <= _MAX_NAME_WORDS and n not in _NOT_NAMES for n in names))


def _named_in(text: str, start: int, names: list[str]) -> int | None:
    """The index of the name said first in text[start:] up to the line's end (60 characters
    at most); at one place the longest name wins."""
    end = text.find("\n", start)
    window = text[start:min(start + 60, len(text) if end < 0 else end)].lower()
    found = [(m.start(), -len(n), i) for i, n in enumerate(names)
             if (m := re.search(rf"(?<!\w){re.escape(n)}(?!\w)", window)) is not None]
    return min(found)[2] if found else None


def extract_bullets(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the first named bullet block, and the bullet a commitment or an
    answer after it names."""
    block = next((b for b in _blocks(text) if _named(b)), None)
    if block is None:
        return []
    names = [_name(m) for m in block]
    options = [
        Option(f"o{i + 1}", (m.start(), m.end()), "bullet option",
               judge(text, m.start("said"), m.end("said")) if m.group("said") is not None
               else [], attrs={"label": names[i]})
        for i, m in enumerate(block)
    ]
    after = block[-1].end()

    def named(pos: int) -> Option | None:
        i = _named_in(text, pos, names)
        return None if i is None else options[i]

    choice = stated_choice(text, options, after, after, named)
    return [DerivedDecision("bullet options", options, choice)]
