"""The option a free text says it goes with: the last commitment ("I'll go with …") or answer
line after the options that names one of them. Shared by labelled options and bullet lists,
which differ only in how a name is read (`named`).

Two kinds of text choose without evaluating, whatever they write about their options, and so
have no choice here (`made_before`): a text that says its pick was random ("I rolled a die",
"drew lots", "picked at random"), and one that commits to an option before it writes its
options ("I'll go with C." then ratings that agree): what follows is the pick's outcome or its
justification, which would make any pick look like search."""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import Choice, Option

Named = Callable[[int], Option | None]
"""The option named right after a position of the text, or None."""


RANDOM_PICK = re.compile(
    r"\b(?:roll(?:ed|ing)?\s+(?:a|the|two)\s+dic?e|(?:flip(?:ped|ping)?|toss(?:ed|ing)?)\s+a\s+coin"
    r"|coin[ -]?(?:flip|toss)|(?:drew|draw(?:ing)?)\s+(?:lots|straws|a name|names)|by lot\b"
    r"|lottery|at random|randomly|random (?:pick|choice|draw|number)|pick(?:ed)? blindly"
    r"|eeny)", re.IGNORECASE)
"""Words that say a pick was left to chance."""


def made_before(text: str, choice: Choice | None, options_start: int,
                named: Named) -> bool:
    """Whether the text says its pick was random (before the choice's words end), or commits
    to one of its options before `options_start`, where it starts writing them."""
    if choice is None:
        return False
    if RANDOM_PICK.search(text, 0, choice.span[1]) is not None:
        return True
    return any(named(m.end()) is not None for m in lx.COMMIT.finditer(text, 0, options_start)
               if not open_question(text, m.end()))


def open_question(text: str, pos: int) -> bool:
    """Whether a commitment word ending at `pos` opens a question (`_OPEN_QUESTION`)."""
    return _OPEN_QUESTION.match(text, pos) is not None


_OPEN_QUESTION = re.compile(r"[ \t]*(?:between|among|amongst|from|one of|which|whichever|whether"
                            r"|what|how)\b", re.IGNORECASE)
"""What follows "choose" in a question, not a pick: "I have to choose between Postgres and
MongoDB" names options before they are written without choosing one."""


def _closing_best(text: str, after: int) -> re.Match[str] | None:
    """A BEST_LINE that is the text's last line: "- Best bet: pycsvx - active" followed by more
    review, or by "Adding redo-py.", judges and does not choose."""
    last = text.rstrip().rfind("\n") + 1
    return lx.BEST_LINE.match(text, last) if last >= after else None


def stated_choice(text: str, options: list[Option], commits_from: int, after: int,
                  named: Named) -> Choice | None:
    """Commitments from `commits_from` (those inside an option before `after` are its own
    words, not a choice) and answer lines from `after`; the last one that names an option.
    Failing those, the text's closing line if it calls an option best ("Best summary: C")."""
    choice = None
    for m in lx.COMMIT.finditer(text, commits_from):
        if m.start() < after and any(o.span[0] <= m.start() < o.span[1] for o in options):
            continue
        if (found := named(m.end())) is not None:
            choice = Choice(found.id, (m.start(), min(len(text), m.end() + 60)),
                            "the text says it goes with this option")
    for m in lx.answer_lines(text, after):
        if (found := named(m.end())) is not None:
            choice = Choice(found.id, (m.start(), m.end()), "the answer names this option")
    if choice is None and (best := _closing_best(text, after)) is not None and (
            found := named(best.end())) is not None:
        choice = Choice(found.id, (best.start(), best.end()), "the closing line calls this best")
    return None if made_before(text, choice, options[0].span[0], named) else choice
