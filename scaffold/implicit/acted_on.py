"""The option a closing action line acts on without naming it: "Fix: stop catching the writer
exception." after "Hypothesis 2: the CSV writer swallows an exception." A debugging text
tests its hypotheses and then fixes one cause; the fix is its choice, said in the words of
the hypothesis it believes, not by its label.

Read conservatively, only where no words name a choice (`stated_choice` found none): one line
after the options that opens with "Fix:", "Plan:", "Solution:", "Next step:", "Action:" or "So
the fix is to", and the option whose first sentence shares the most of the line's words that
no other option's first sentence has; none where no word, or a tie, links them. Stated
judgements play no part, so a fix for a ruled-out hypothesis is read as that choice.
"""

from __future__ import annotations

import re

from scaffold.implicit.lexicon import NEGATION, judgements_in
from scaffold.implicit.model import Choice, Option

_ACTION_LINE = re.compile(
    r"^[ \t>*_-]*(?:(?:so|then|thus|hence)[, \t]+)?(?:the[ \t]+)?(?P<word>fix|plan|solution|next"
    r"[ \t]+step|action|remedy)(?:[ \t]+is(?:[ \t]+to)?[ \t]+|[ \t*_]*:[ \t*_]*)(?P<said>[^\n]+)",
    re.IGNORECASE | re.MULTILINE)
_WORD = re.compile(r"[a-z]+\d[a-z0-9]*|[a-z][a-z'-]{2,}")
_FIRST_SENTENCE = re.compile(r"[^\n]*?(?:[.!?;](?=\s|$)|$)", re.MULTILINE)
_STOP = frozenset({
    "the", "and", "for", "with", "when", "are", "not", "this", "that", "from", "into", "its",
    "was", "has", "have", "out", "all", "one", "our", "their", "then", "than", "them", "they",
    "you", "use", "using", "some", "any", "but", "too", "can", "will", "should", "would"})


def words(said: str) -> set[str]:
    """Content words, lower case, a plural's "s" dropped ("locks" is "lock")."""
    out = set()
    for w in _WORD.findall(said.lower()):
        w = w.removesuffix("'s")
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w not in _STOP:
            out.add(w)
    return out


def most_shared(said: set[str], owns: list[set[str]]) -> int | None:
    """The index of the word set in `owns` whose words that no other set has are most in
    `said`; None on a tie or where none is."""
    shared = [len(said & (own - set().union(*(w for j, w in enumerate(owns) if j != i))))
              for i, own in enumerate(owns)]
    best = max(shared)
    return None if best == 0 or shared.count(best) > 1 else shared.index(best)


def acted_on(text: str, options: list[Option], heads_end: list[int], after: int
             ) -> Choice | None:
    """The option that the last action line from `after` acts on, by the words of the first
    sentence after each option's head (`heads_end`: where each head ends); None unless the line
    comes after every judgement (a "Plan:" inside an option is its own test, not a choice).
    With a choice, the last option ends before the line, which is no part of it."""
    line = next(reversed(list(_ACTION_LINE.finditer(text, after))), None)
    if line is None:
        return None
    a, b = line.span()
    if any(j.span[1] > a and not a <= j.span[0] < j.span[1] <= b  # said after, not in, the line
           for o in options for j in o.judgements):
        return None
    firsts = []
    for end in heads_end:
        m = _FIRST_SENTENCE.match(text, end)
        firsts.append(words("" if m is None else m.group()))
    best = most_shared(words(line.group("said")), firsts)
    if best is None:
        return None
    last = options[-1]  # the line is the text's act, not the last option's words ("close ...")
    last.span = (last.span[0], min(last.span[1], line.start()))
    last.judgements = [j for j in last.judgements if j.span[1] <= line.start()]
    return Choice(options[best].id, (line.start("word"), line.end()),
                  "the text acts on this option (its words)")


_LAST_LINE = re.compile(r"[^\n]*\S[^\n]*\s*$")
_MIN_SHARED = 2


def closing_line(text: str, options: list[Option], after: int) -> tuple[int, int] | None:
    """The span of the text's last line when it starts after `after` and after every
    judgement of the options, and neither judges nor negates ("… it is not"): a line that may
    name the choice. None otherwise."""
    line = _LAST_LINE.search(text, after)
    if line is None:
        return None
    a, b = line.start(), line.start() + len(line.group().rstrip())
    if (any(j.span[1] > a for o in options for j in o.judgements) or judgements_in(text, a, b)
            or NEGATION.search(text, a, b) is not None):
        return None
    return a, b


def restated(text: str, options: list[Option], heads_end: list[int], after: int
             ) -> Choice | None:
    """The option the text's closing line (`closing_line`) names in its own words ('Title:
    "How We Cut Our AWS Bill in Half".' after a list of drafted titles): at least two of its
    content words, and at least a third of them, are words of that option's first sentence
    (from `heads_end`) that no other option's first sentence has. None on a tie or where it
    repeats fewer words. With a choice, the last option ends before the line."""
    if (span := closing_line(text, options, after)) is None:
        return None
    a, b = span
    firsts = []
    for end in heads_end:
        m = _FIRST_SENTENCE.match(text, end)
        firsts.append(words("" if m is None else m.group()))
    said = words(text[a:b])
    best = most_shared(said, firsts)
    if best is None:
        return None
    own = firsts[best] - set().union(*(w for j, w in enumerate(firsts) if j != best))
    shared = len(said & own)
    if shared < _MIN_SHARED or 3 * shared < len(said):
        return None
    last = options[-1]  # the line is the text's own, not the last option's words
    last.span = (last.span[0], min(last.span[1], a))
    return Choice(options[best].id, (a, b), "the closing line repeats this option's words")
