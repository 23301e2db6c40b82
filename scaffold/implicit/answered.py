"""The record's own answer as the choice of a free-text decision whose words name none.

A reasoning record may carry the answer the model gave (`import reasoning`'s `answer`, or the
reply after `</think>`). When a reader finds options but no words that choose among them ("So
that's the plan." or a reply kept apart from its reasoning), the answer says which option the
model went with, if exactly one option names it at its head (its first line: "Quayside: £875
rent"), or failing that, exactly one option names it anywhere.

What counts before the choice: the first time the text names the answer after the chosen
option's head line ("… I'm applying for Quayside.") is where it commits; judgements after
that are dropped as for any stated choice. A text that never names the answer again commits
nowhere in its words, and its options are judged by all they say (`ANSWER_ONLY`).

No choice is read from the answer when the text says its pick was random, commits to
something before its first option, or names the answer before it: those texts may choose
without evaluating. And with an answer, no reader's choice stands where the text said earlier
that its pick was made (`named_first`: "X is already booked")."""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import ANSWER_ONLY, Choice, DerivedDecision, Option
from scaffold.implicit.stated_choice import RANDOM_PICK, open_question

ANSWER_NAMED = "the record's answer, named again here"

_QUOTES = " \t\r\n\"'`*_.!"
MIN_ANSWER = 1
MAX_ANSWER = 80


_EMPHASIS = re.compile(r"\*\*([^*\n]{1,80}?)\*\*|__([^_\n]{1,80}?)__|`([^`\n]{1,80}?)`")
_ANSWER_SAID = re.compile(r"^[ \t>*#_-]*(?:final answer|answer|my pick|pick|choice)"
                          r"[ \t*_]*:[ \t*_]*(?P<said>[^\n]{1,80}?)[ \t*_.]*$",
                          re.IGNORECASE | re.MULTILINE)


_PICKED = re.compile(
    r"^(?:[ \t]*|[^\n]*?\b(?:(?:I|we|you)(?:['\u2019](?:d|ll)|[ \t]+(?:would|will|should|can))?"
    r"|let['\u2019]s)[ \t]+(?:just[ \t]+|probably[ \t]+)?)"
    r"(?:(?:go|going|went)[ \t]+(?:for|with)|pick|choose|recommend|take|ship|promote"
    r"|book|buy|hire|keep|merge)[ \t]+(?P<said>[^\n.,:;!?()\u2013\u2014]{1,60}?)"
    r"(?=[ \t]*(?:[\n.,:;!?()\u2013\u2014]|[ \t]-[ \t]|$))", re.IGNORECASE)
"""A reply's sentence that says what it picks ("Go for the coach: roughly £24 a head.",
"I'd promote run-21: precision 0.778 …")."""
_FIRST_WORDS = re.compile(r"^(?P<said>[^\n.!?:]{1,40})[.!:][ \t]+\S")
"""A reply that opens with the pick alone ("The coach. It's £24.00 per person.")."""


def short_answer(answer: str | None) -> str | None:
    """The pick a record's answer names. A reply (a chat record's answer is the reply in
    full) names it in the one phrase it emphasises ("**Flex 15** is the cheapest"), in its
    answer line ("Answer: Flex 15"), after a verb of choosing ("Go for the coach: …") or as
    a short first sentence ("The coach. It's £24 …"); else an answer of one short line is the
    pick itself. None if none of these, or where it emphasises several phrases and has no
    answer line."""
    if answer is None:
        return None
    said = answer.strip()
    emphasised = {next(g for g in m.groups() if g).strip() for m in _EMPHASIS.finditer(said)}
    if len(emphasised) == 1:
        return emphasised.pop()
    if (m := _ANSWER_SAID.search(said)) is not None:
        return m.group("said")
    if emphasised:
        return None
    if (m := _PICKED.search(said)) is not None:
        return m.group("said")
    if ((m := _FIRST_WORDS.match(said)) is not None and len(m.group("said").split()) <= 4
            and len(said[m.end("said") + 1:].split()) >= 3):
        return m.group("said")
    return said if 0 < len(said) <= MAX_ANSWER and "\n" not in said else None


def mentions(text: str, answer: str) -> list[tuple[int, int]]:
    """Where `answer` occurs in `text` as a whole phrase, case aside, its words joined by any
    run of spaces, hyphens, underscores, colons or equals signs ("run 29" is "run-29", "ttl
    30m" is "ttl=30m"), without a leading article ("the coach" is "Coach: £24")."""
    a = _ARTICLE.sub("", answer.strip(_QUOTES), count=1)
    if not MIN_ANSWER <= len(a) <= MAX_ANSWER:
        return []
    left = r"(?<!\w)" if a[0].isalnum() or a[0] == "_" else ""
    right = r"(?:e?s)?(?!\w)" if a[-1].isalnum() or a[-1] == "_" else ""
    words = r"[\s_=:-]+".join(re.escape(w) for w in _JOINS.split(a))
    return [m.span() for m in re.finditer(left + words + right, text, re.IGNORECASE)]


_JOINS = re.compile(r"[\s_=:-]+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)


def _head_end(text: str, option: Option) -> int:
    """Where the option's first line ends (or the option, if sooner)."""
    nl = text.find("\n", option.span[0], option.span[1])
    return option.span[1] if nl < 0 else nl


def _named_option(text: str, options: list[Option], answer: str,
                  said: list[tuple[int, int]]) -> Option | None:
    """The one option whose label is the answer, or whose head line names it, or failing
    those whose text names it; None when not exactly one."""
    key = answer.strip(_QUOTES).casefold()
    by_label = [o for o in options if str(o.attrs.get("label", "")).casefold() == key]
    if len(by_label) == 1:
        return by_label[0]
    for end_of in (lambda o: _head_end(text, o), lambda o: o.span[1]):
        hits = [o for o in options if any(o.span[0] <= a and b <= end_of(o) for a, b in said)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    return None


PRE_COMMIT = re.compile(
    r"\b(?:booked|bought|ordered|paid for|signed up|committed to|deposit|reserved"
    r"|already (?:chose|chosen|picked|decided|went|got|have|own))\b", re.IGNORECASE)
"""Words that say a pick was made ("X is already booked", "we bought X"): in a sentence
that names the answer before the text's choice, the pick came earlier."""
_SENTENCE_END = re.compile(r"[.!?\n]")


def named_first(text: str, answer: str, before: int, *, anywhere: bool = False,
                options: list[Option] | None = None) -> bool:
    """Whether the text names its answer before position `before`: `anywhere`, or in a
    sentence that says the pick was made (`PRE_COMMIT`), or, outside the `options` (whose
    own words may say "shipping" or "select"), one that commits (`lexicon.COMMIT`)."""
    for a, b in mentions(text, answer):
        if a >= before:
            break
        if anywhere:
            return True
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, a)), default=0)
        end = m.start() if (m := _SENTENCE_END.search(text, b)) else len(text)
        if PRE_COMMIT.search(text, start, end):
            return True
        inside = any(o.span[0] <= a < o.span[1] for o in options or ())
        if not inside and lx.COMMIT.search(text, start, end):
            return True
    return False


def answered_choice(text: str, decision: DerivedDecision, answer: str | None) -> Choice | None:
    """The choice the record's answer makes among the decision's options (module docstring),
    or None."""
    if not answer or decision.choice is not None or len(decision.options) < 2:
        return None
    said = mentions(text, answer)
    option = _named_option(text, decision.options, answer, said)
    if option is None:
        return None
    first = min(o.span[0] for o in decision.options)
    if RANDOM_PICK.search(text) is not None or any(
            not open_question(text, m.end()) for m in lx.COMMIT.finditer(text, 0, first)
    ) or named_first(text, answer, first, anywhere=True):
        return None
    head = _head_end(text, option)
    later = [m for m in said if m[0] >= head]
    if later:
        return Choice(option.id, later[0], ANSWER_NAMED)
    own = [m for m in said if option.span[0] <= m[0] < option.span[1]]
    return Choice(option.id, own[0] if own else option.span, ANSWER_ONLY)
