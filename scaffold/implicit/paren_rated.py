"""Options rated in parentheses in prose, one a sentence ("Starting with Edinburgh (score 7) -
solid, though pricey. As for Lisbon (8/10): fits the calendar."), then a choice that names one.

Read conservatively: two to six sentences, each opening with a short name (after a lead such
as "As for" or "And") followed at once by a parenthesis that holds a rating and nothing else
(`ratings.rated` reads it whole); the names are distinct; the rating is the option's judgement
(a stated rating wins over words, as for labelled options; a bare "(I'd say 7)" is read on
the smallest of 5, 10 and 100 that holds every such number); the choice must name an option
(`stated_choice`), after the last rated sentence.
"""

from __future__ import annotations

import re

from scaffold.implicit.bullets import choice_by_name, name_of
from scaffold.implicit.model import DerivedDecision, Judgement, Option
from scaffold.implicit.prose_list import SENTENCE
from scaffold.implicit.ratings import SCALES, on_scale, rated

_LEAD = re.compile(
    r"[ \t*_>-]*(?:(?:and|but|then|next(?: up)?|also|plus|or|finally|lastly|first(?:ly)?"
    r"|second(?:ly)?|third(?:ly)?|as for|starting with|moving on to|on to|then there'?s"
    r"|there'?s|what about|how about|last(?:ly)?,? there'?s)\b[,:]?[ \t]+)*", re.IGNORECASE)
"""Words that open a sentence before the option's name."""
_NAMED = re.compile(r"(?P<name>[^()\n.!?:;,]{1,60}?)[ \t]*\((?P<rating>[^()\n]{1,30})\)")
"""A name and the parenthesis right after it."""
_MAX_WORDS = 6
_MAX_OPTIONS = 6


_SAID = re.compile(r"[ \t]*(?:i'?d (?:say|give it)|call it)[ \t]+(?P<num>\d+(?:\.\d+)?)[ \t]*$",
                   re.IGNORECASE)
"""A rating said without its scale: "(I'd say 7)"; read on a scale that holds every one."""

Found = tuple[str, tuple[float, int, int, str] | Judgement]
"""An option's name, and its rating: a judgement, or a number yet to be put on a scale."""


def _rated(text: str, start: int, end: int) -> Found | None:
    """(name, its rating) if the sentence text[start:end] opens with a name rated in
    parentheses."""
    lead = _LEAD.match(text, start, end)
    m = _NAMED.match(text, start if lead is None else lead.end(), end)
    if m is None:
        return None
    name = name_of(m.group("name"))
    if not name or len(name.split()) > _MAX_WORDS:
        return None
    a, b = m.span("rating")
    if (said := _SAID.match(text, a, b)) is not None:
        return name, (float(said.group("num")), said.start("num"), said.end("num"),
                      said.group(0).strip())
    found = rated(text, a, b)
    return (name, found[0]) if len(found) == 1 and found[0].span == (a, b) else None


def extract_paren_rated(text: str) -> list[DerivedDecision]:
    """At most one decision: the options of the sentences rated in parentheses, and the option
    a commitment or an answer after the last of them names."""
    found: list[tuple[tuple[int, int], Found]] = []
    for m in SENTENCE.finditer(text):
        start = m.end() - len(m.group().lstrip())
        if (hit := _rated(text, start, m.end())) is not None:
            found.append(((start, m.end()), hit))
    names = [name for _, (name, _) in found]
    if not 2 <= len(found) <= _MAX_OPTIONS or len(set(names)) != len(names):
        return []
    numbers = on_scale([None if isinstance(r, Judgement) else r for _, (_, r) in found], SCALES)
    said = [r if isinstance(r, Judgement) else n
            for (_, (_, r)), n in zip(found, numbers, strict=True)]
    if None in said:
        return []  # a lone rating with no scale
    options = [Option(f"o{i + 1}", span, "rated in prose", [j], attrs={"label": name})
               for i, ((span, (name, _)), j) in enumerate(zip(found, said, strict=True))
               if j is not None]
    choice = choice_by_name(text, options, names, options[-1].span[1])
    return [DerivedDecision("options rated in prose", options, choice)]
