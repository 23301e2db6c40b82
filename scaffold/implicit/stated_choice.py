"""The option a free text says it goes with: the last commitment ("I'll go with …") or answer
line after the options that names one of them. Shared by labelled options and bullet lists,
which differ only in how a name is read (`named`)."""

from __future__ import annotations

from collections.abc import Callable

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import Choice, Option

Named = Callable[[int], Option | None]
"""The option named right after a position of the text, or None."""


def stated_choice(text: str, options: list[Option], commits_from: int, after: int,
                  named: Named) -> Choice | None:
    """Commitments from `commits_from` (those inside an option before `after` are its own
    words, not a choice) and answer lines from `after`; the last one that names an option."""
    choice = None
    for m in lx.COMMIT.finditer(text, commits_from):
        if m.start() < after and any(o.span[0] <= m.start() < o.span[1] for o in options):
            continue
        if (found := named(m.end())) is not None:
            choice = Choice(found.id, (m.start(), min(len(text), m.end() + 60)),
                            "the text says it goes with this option")
    for m in lx.ANSWER_LINE.finditer(text, after):
        if (found := named(m.end())) is not None:
            choice = Choice(found.id, (m.start(), m.end()), "the answer names this option")
    return choice
