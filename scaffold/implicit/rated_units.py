"""Options that are sentences stating a rating, with no label or list to name them ("Wen scored
35 out of 40 on the panel. / Sofia came out at 33 of 40 points. / Extending the offer to Wen."):
the closing sentence chooses the one whose own words it repeats.

Read conservatively, as the last reading of a text with no other options: two to eight
sentences that each state exactly one rating on a scale (a number out of 10 or 40, stars, a
letter grade, a chance in percent: `ratings.rated`; judging words do not make an option), or
else one measurement each, all of one kind ("MLP: 0.716 ± 0.016.", "SVM  AUC: 0.752", "the
Jinja template: 928 ms"), where the text says or its metric's name implies which way is
better. A rated sentence that opens with a pronoun ("I'd give it a B-") or follows a short
question on its line ("The Harbour Inn? Two stars.") takes that sentence before it, which
names the option; where every rated sentence has a paragraph of its own (not the text's
first), the paragraph is the option ("Dev Patel. Dev struggled once … A 2 out of 5 from me.").
The choice is the text's last line (or its last sentence), after every option: the option
whose words no other option has it shares most (`acted_on.words`); none on a tie or with no
word shared, and none where the text says it picked at random.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from scaffold.implicit.acted_on import most_shared, words
from scaffold.implicit.measured import durations, measurements, placed, text_direction
from scaffold.implicit.model import Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.prose_list import SENTENCE
from scaffold.implicit.ranking import scaled
from scaffold.implicit.ratings import rated
from scaffold.implicit.stated_choice import RANDOM_PICK

_PRONOUN = re.compile(r"[ \t*_>-]*(?:i'?d give (?:it|them)|it|that|this|they)\b", re.IGNORECASE)
_MAX_OPTIONS = 8
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MAX_QUESTION_WORDS = 6


def _named_before(text: str, prev: tuple[int, int], start: int) -> bool:
    """Whether the sentence `prev` names the option rated in the sentence at `start`."""
    if _PRONOUN.match(text, start) is not None:
        return True
    said = text[prev[0]:prev[1]].rstrip()
    return (said.endswith("?") and len(said.split()) <= _MAX_QUESTION_WORDS
            and "\n" not in text[prev[0]:start])


def extract_rated_units(text: str) -> list[DerivedDecision]:
    """At most one decision: the rated sentences as options, and the option the closing
    sentence repeats the words of."""
    sentences = [(m.end() - len(m.group().lstrip()), m.end()) for m in SENTENCE.finditer(text)]
    units: list[tuple[tuple[int, int], Judgement]] = []
    for k, (a, b) in enumerate(sentences):
        said = [j for j in rated(text, a, b) if scaled(j)]
        if len(said) != 1:
            continue
        start = a
        if k > 0 and (not units or sentences[k - 1][0] >= units[-1][0][1]) and _named_before(
                text, sentences[k - 1], a):
            start = sentences[k - 1][0]
        units.append(((start, b), said[0]))
    if len(units) < 2:
        units = _measured_units(text, sentences)
    units = _whole_paragraphs(text, units)
    if not 2 <= len(units) <= _MAX_OPTIONS:
        return []
    options = [Option(f"o{i + 1}", span, "rated sentence", [j])
               for i, (span, j) in enumerate(units)]
    last_line = text.rfind("\n", 0, len(text.rstrip())) + 1
    start = last_line if last_line >= options[-1].span[1] else sentences[-1][0]
    closing = (start, sentences[-1][1])  # the last line, or its last sentence after an option
    return [DerivedDecision("rated sentences", options, _closing_choice(text, options, closing))]


def _whole_paragraphs(text: str, units: list[tuple[tuple[int, int], Judgement]]
                      ) -> list[tuple[tuple[int, int], Judgement]]:
    """Each rated sentence widened to its paragraph where every one has a paragraph of its own
    and none is the text's first: the paragraph is about the option its rating ends ("Dev
    Patel. Dev struggled once … A 2 out of 5 from me."), and names it."""
    starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]
    own = [bisect_right(starts, a) - 1 for (a, _), _ in units]
    if len(units) < 2 or 0 in own or len(set(own)) < len(own):
        return units
    return [((starts[k], b), j) for k, ((_, b), j) in zip(own, units, strict=True)]


def _measured_units(text: str, sentences: list[tuple[int, int]]
                    ) -> list[tuple[tuple[int, int], Judgement]]:
    """Sentences that each state one measurement of one kind (`measured.measurements`), each
    judged between the worst (0) and the best (1) of them (`measured.placed`), where the text
    says or its metric's name implies which way is better (`measured.text_direction`), or where
    each is how long one run took ("took 99.4 ms": `measured.durations`); none where every
    measurement is the same."""
    if not (found := measurements(text, sentences)):
        return []
    if (way := text_direction(text)) is None and not durations(text, [m for _, m in found]):
        return []
    way = -1 if way is None else way
    if len({float(m.group("num").replace(",", "")) for _, m in found}) == 1:
        return []
    judged = placed([m for _, m in found], way)
    return [(s, j) for (s, _), j in zip(found, judged, strict=True) if j is not None]


def _closing_choice(text: str, options: list[Option], last: tuple[int, int]) -> Choice | None:
    a, b = last
    if a < options[-1].span[1] or RANDOM_PICK.search(text) is not None:
        return None
    best = most_shared(words(text[a:b]), [words(text[o.span[0]:o.span[1]]) for o in options])
    if best is None:
        return None
    return Choice(options[best].id, (a, b),
                  "the closing sentence repeats this option's words")
