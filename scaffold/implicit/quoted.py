"""Options that are quoted texts, one a line, each judged on its own line ('"Curriculum Learning
Is All You Need": done to death.'), and a closing line that quotes one of them again: how a
brainstorm of titles, slogans, subject lines or commit messages is written.

Read conservatively: at least two lines that open (after a bullet or a number) with a quoted
text of two or more words, all distinct; an option is judged only by the rest of its own line;
the choice is the one option that a line after every option quotes word for word (case and
spacing aside). Without that line nothing is read here, and the other readers may still read
the text."""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit.model import Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.stated_choice import RANDOM_PICK

Judge = Callable[[str, int, int], list[Judgement]]
"""What text[start:end] says of an option (`freetext._judgements`)."""

_OPENS = re.compile(
    r"^[ \t]*(?:[-*\u2022+][ \t]+|\d{1,2}[.)][ \t]+)?(?P<q>[\"\u201c\u00ab])"
    r"(?P<said>[^\"\u201d\u00bb\n]{3,200}?)[\"\u201d\u00bb]", re.MULTILINE)
_QUOTE = re.compile(r"[\"\u201c\u00ab](?P<said>[^\"\u201d\u00bb\n]{3,200}?)[\"\u201d\u00bb]")
_MIN_WORDS = 2


def _norm(said: str) -> str:
    return " ".join(said.lower().split()).rstrip(".!?")


def extract_quoted(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the quoted lines as options, and the one a later line quotes."""
    lines = [m for m in _OPENS.finditer(text) if len(m.group("said").split()) >= _MIN_WORDS]
    names = [_norm(m.group("said")) for m in lines]
    if len(lines) < 2 or len(set(names)) < len(names):
        return []
    ends = [e if (e := text.find("\n", m.end())) >= 0 else len(text) for m in lines]
    quoted = {names.index(said): m.start() for m in _QUOTE.finditer(text, ends[-1])
              if (said := _norm(m.group("said"))) in names}
    if len(quoted) != 1 or RANDOM_PICK.search(text, ends[-1]) is not None:
        return []  # none, or two options quoted again ('"B", not "A"')
    options = [Option(f"o{i + 1}", (m.start("q"), end), "quoted option",
                      judge(text, m.end(), end), attrs={"label": m.group("said")})
               for i, (m, end) in enumerate(zip(lines, ends, strict=True))]
    [(index, at)] = quoted.items()
    choice = Choice(options[index].id, _line(text, at), "a later line quotes this option")
    return [DerivedDecision("quoted options", options, choice)]


def _line(text: str, at: int) -> tuple[int, int]:
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end
