"""Drafts revised one after another, each judged in the lines after it, and a final answer that
repeats one of them: the critique-and-revise loop a model writes when asked to improve its own
output ("First try: …", "Flaw: too long.", "Revised: …", "Good, this one is fine.",
"Final: …").

Read conservatively: two or more heads that open a line, name a draft ("Draft 2:", "v3:",
"First try:", "Revised:", "Better:") and hold its text on the same line; a draft is judged only
by the lines after its text, up to the next head, and never by a line that goes back to an
earlier draft ("Back to the version that worked."); the choice is the draft whose text the
final answer repeats word for word (the answer seldom names a draft's label). Without such an
answer nothing is read here, and the labelled-option reader may still read the heads.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit.model import Choice, DerivedDecision, Judgement, Option

Judge = Callable[[str, int, int], list[Judgement]]
"""What text[start:end] says of an option (`freetext._judgements`)."""

_ORDINAL = r"(?:first|second|third|fourth|fifth|next|another|new|last)"
"""Words before "draft" or "try" that head a draft ("Final draft:" states the answer)."""
_HEAD = re.compile(
    r"^[ \t>*#_-]*(?P<label>(?:draft|version|attempt|try|take|revision|iteration|rewrite|v)"
    r"[ \t]*#?[ \t]*\d{1,2}"
    rf"|{_ORDINAL}[ \t]+(?:try|draft|attempt|version|pass|take|revision)"
    r"|attempt|revised|revision|rewrite|rewritten|better|improved|updated|tweaked)"
    r"[ \t*_]*:[ \t*_]*(?P<body>\S[^\n]*)", re.IGNORECASE | re.MULTILINE)
_FINAL = re.compile(
    r"^[ \t>*#_-]*(?:(?:so|ok(?:ay)?|alright)[, \t]+)?(?:the |my )?(?:final(?:[ \t]+(?:answer"
    r"|version|draft|pick|choice))?|answer|so the answer is|the answer is|i'?ll go with"
    r"|going with)[ \t*_]*(?::|is\b)?[ \t*_]*(?P<body>[^\n]+)", re.IGNORECASE | re.MULTILINE)
_FLAW = re.compile(r"^[ \t>*#_-]*(?P<word>flaws?|problems?|issues?|bugs?|weakness(?:es)?"
                   r"|downsides?|cons?)[ \t*_]*:", re.IGNORECASE | re.MULTILINE)
"""A line that opens by naming a flaw of the draft above ("Flaw: too long.")."""
_RETURN = re.compile(
    r"\b(?:back to|go(?:ing)? back|revert\w*|roll(?:ing)? back|return(?:ing)? to"
    r"|(?:the )?(?:earlier|previous|original|first) (?:one|version|draft|attempt))\b",
    re.IGNORECASE)
"""Words of a line that goes back to an earlier draft: what it says (".. the version that
worked") judges that draft, not the one above it."""
_QUOTED = re.compile(r"[\"“]([^\"“”\n]+)[\"”]")
"""A quoted draft inside an answer that says more ('Final: "Pulse", short and clear.')."""
_QUOTES = "\"'“”‘’`*_ \t"
_TRAILING = ".!?;:,"


def _plain(s: str) -> str:
    """A draft's or an answer's text, without quotes, emphasis, spacing or a final stop."""
    s = s.strip().strip(_QUOTES)
    while s and s[-1] in _TRAILING + _QUOTES:
        s = s[:-1].rstrip(_QUOTES)
    return " ".join(s.split()).lower()


def extract_drafts(text: str, judge: Judge) -> list[DerivedDecision]:
    """At most one decision: the drafts, what the lines after each say of it, and the draft the
    final answer repeats. Empty unless there are two drafts and such an answer."""
    heads = list(_HEAD.finditer(text))
    if len(heads) < 2:
        return []
    final = None
    for m in _FINAL.finditer(text, heads[-1].end()):
        final = m
    if final is None:
        return []
    body = final.group("body")
    bodies = [_plain(h.group("body")) for h in heads]
    said = next((x for x in (_plain(body), *map(_plain, _QUOTED.findall(body)))
                 if x and x in bodies), None)
    if said is None:
        return []
    options = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else final.start()
        end = _before_return(text, h.end(), end)
        judged = judge(text, h.end(), end) + _flaws(text, h.end(), end)
        options.append(Option(f"o{i + 1}", (h.start(), max(end, h.end())), "draft", judged,
                              attrs={"label": h.group("label").lower()}))
    chosen = len(bodies) - 1 - bodies[::-1].index(said)
    choice = Choice(options[chosen].id, final.span(), "the answer repeats this draft")
    return [DerivedDecision("drafts", options, choice)]


def _before_return(text: str, start: int, end: int) -> int:
    """Where the judging of a draft stops: at the first line that goes back to an earlier one."""
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        if _RETURN.search(text, pos, line_end):
            return pos
        pos = line_end + 1
    return end


def _flaws(text: str, start: int, end: int) -> list[Judgement]:
    return [Judgement(0.0, m.span("word"), m.group("word"))
            for m in _FLAW.finditer(text, start, end)]
