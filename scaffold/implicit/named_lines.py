"""Options written as lines that open with a name and a colon, with or without a bullet
("Zenbook 14: about 18 hours, 1.44 kg."), each perhaps followed by lines that say more of it
("Middling."): how notes go through a shortlist one candidate at a time. A bullet list read
whole by `scaffold.implicit.bullets` is read there; this reads the lists it cannot, such as
bullets mixed with plain lines.

Read conservatively: at least two such lines with distinct names of at most five words, none
a property word ("Pros:", "Note:"), and none whose own words name another option (a summary
line such as "Ranking by battery: A, B, C" is a review, and "Wait, I misread Keeper Family:
…" a correction, not an option). An option runs to the next one; the last ends at a blank
line, an answer or a commitment, a line that names another option, or one that goes back on
what was said ("Hold on, …"). Nothing is read unless a commitment, an answer or the closing
line names one (`bullets.choice_by_name`): "First try: …" and "Revised: …" are drafts, read
elsewhere."""

from __future__ import annotations

import itertools
import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.bullets import Judge, choice_by_name, mentioned, name_of
from scaffold.implicit.corrected import CORRECTION_START
from scaffold.implicit.model import DerivedDecision, Option
from scaffold.implicit.ratings import named_grades
from scaffold.implicit.value_lines import COUNTERS

_LINE = re.compile(r"^[ \t]*(?:(?P<bullet>[-*\u2022+])[ \t]+)?"
                   r"(?P<name>[A-Za-z@#][^\n:\u2013\u2014\u2192]{0,80}?)[ \t*_]*"
                   r"(?::|->|\u2192|[ \t][\u2013\u2014]|(?(bullet)[ \t]-|(?!)))[ \t]+"
                   r"(?P<said>\S[^\n]*)$", re.MULTILINE)
"""A name, then a colon, an arrow or a dash ("the legacy path: 230 ms", "- the streaming writer
-> 410 ms"); a hyphen only after a bullet ("- Mbeki - on 6.3"), not in a plain line."""
_MAX_WORDS = 5
_NOT_NAMES = frozenset({
    "pros", "cons", "pro", "con", "note", "notes", "summary", "verdict", "result", "results",
    "answer", "final answer", "decision", "recommendation", "conclusion", "source", "goal",
    "task", "question", "problem", "context", "update", "edit", "ps", "tl;dr",
    "tldr", "why", "reason", "step", "plan", "options", "candidates", "constraint", "rule",
    "requirement", "requirements", "budget", "deadline", "priority", "criteria", "user",
    "assistant", "system", "input", "output", "example", "status", "time", "cost", "risk",
    "first try", "revised", "final", "draft", "attempt", "try", "revision"})
"""Line names that head something other than an option."""


_ALIAS = re.compile(r"\((?P<kind>(?i:branch|pr|model|tag|commit|flag|id)[ \t:#]*)?"
                    r"(?P<alias>[^()\n]{2,40})\)[ \t*_]*$")
"""A name in parentheses closing the line's name: "Honour datetime.fold (branch fix/dst-fold)"
is chosen as "fix/dst-fold"."""


def _name(m: re.Match[str]) -> str:
    """The line's name, or the one in parentheses after it when that says what it names
    ("branch", "model", …) or the name is too long to be said again."""
    said = m.group("name")
    if (alias := _ALIAS.search(said)) is not None and (alias.group("kind") or len(
            name_of(said[:alias.start()]).split()) > _MAX_WORDS):
        return name_of(alias.group("alias"))
    return name_of(said)


def _counted(name: str) -> bool:
    """A name that counts ("step 2", "day 3"): a list of steps, not of options."""
    words = name.split()
    return len(words) == 2 and words[0] in COUNTERS and words[1].isdigit()


def _option_lines(text: str) -> list[tuple[re.Match[str], str]]:
    """The first run of named lines, each with its name (`_name`): consecutive or with lines
    between them, but no blank line, and at least two with distinct names."""
    runs: list[list[tuple[re.Match[str], str]]] = []
    for m in _LINE.finditer(text):
        name = _name(m)
        if (not name or len(name.split()) > _MAX_WORDS or name in _NOT_NAMES or _counted(name)
                or lx.ANSWER_LINE.match(text, m.start()) or lx.COMMIT.search(m.group("name"))):
            continue
        if runs and "\n\n" not in text[runs[-1][-1][0].end():m.start()].replace(" ", ""):
            runs[-1].append((m, name))
        else:
            runs.append([(m, name)])
    for run in runs:
        names = [n for _, n in run]
        kept = [(m, n) for m, n in run
                if not mentioned(m.group("said"), 0, len(m.group("said")),
                                 others := [o for o in names if o != n])
                and not mentioned(n, 0, len(n), others)]
        if len(kept) >= 2 and len({n for _, n in kept}) == len(kept):
            return kept
    return []


_ITEM = re.compile(r"\n[ \t]*(?:[-*\u2022+][ \t]|[^\n]{1,60}?[ \t](?:-|->|\u2013|\u2014)[ \t])")
"""A line that reads as an item of its own ("Compass Single Trip - £120, … -> covers
everything", "- Lindqvist - 6.8"), not as more said of the option above it."""


def _item_before(text: str, start: int, end: int) -> int:
    """`end`, or the start of the first line in text[start:end] that is an item of its own:
    an option this reader cannot name must not lend its judgements to the one above it."""
    m = _ITEM.search(text, start, end)
    return end if m is None else m.start()


def _last_end(text: str, start: int, names: list[str], own: int) -> int:
    """Where the last option ends: the first later line that is blank, answers, commits,
    names another option, or goes back on what was said ("Hold on, …")."""
    at = text.find("\n", start)
    while at >= 0:
        line_end = text.find("\n", at + 1)
        line = text[at + 1:len(text) if line_end < 0 else line_end]
        others = mentioned(line, 0, len(line), names) - {own}
        if (not line.strip() or others or lx.ANSWER_LINE.match(line)
                or lx.COMMIT.search(line) or CORRECTION_START.match(line)):
            return at
        at = line_end
    return len(text)


def extract_named_lines(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the named lines as options, and the one the text goes with."""
    named = _option_lines(text)
    if not named:
        return []
    lines, names = [m for m, _ in named], [n for _, n in named]
    ends = [_item_before(text, m.end(), nxt.start() - 1) for m, nxt in itertools.pairwise(lines)]
    ends.append(_item_before(text, lines[-1].end(),
                             _last_end(text, lines[-1].end(), names, len(lines) - 1)))
    options = [Option(f"o{i + 1}", (m.start("name"), end), "named line",
                      named_grades(text, m.start("name"), end, names[i])  # "Redis: B+."
                      or judge(text, m.start("said"), end), attrs={"label": names[i]})
               for i, (m, end) in enumerate(zip(lines, ends, strict=True))]
    choice = choice_by_name(text, options, names, options[-1].span[1])
    return [] if choice is None else [DerivedDecision("named lines", options, choice)]
