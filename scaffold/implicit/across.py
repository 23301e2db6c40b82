"""Decisions across steps: when a text lists options without saying which it takes, the next
recorded step may continue from one of them. That option is the choice, if exactly one of the
options is written again (whitespace and case aside) in the child step's text."""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import Choice, DerivedDecision

MIN_KEY = 6
_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    """An option's own words: its label dropped, cut at '(' and at 40 characters."""
    head = lx.OPTION_HEAD.match(text)
    body = text[head.end():] if head else text
    body = body.split("(", 1)[0]
    return _SPACE.sub("", body).lower()[:40]


def continued_choice(text: str, decision: DerivedDecision, child_step: int,
                     child_text: str) -> Choice | None:
    """The option the child step's text starts from again, or None when not exactly one."""
    haystack = _SPACE.sub("", child_text).lower()
    hits = []
    for o in decision.options:
        key = _key(text[o.span[0]:o.span[1]])
        if len(key) >= MIN_KEY and key in haystack:
            hits.append(o)
    if len(hits) != 1:
        return None
    return Choice(hits[0].id, hits[0].span, f"continued in step {child_step}")
