"""Free text with no labels, read conservatively: attempts separated by restart cues
("Alternatively, ...", "Let me try ...", "Instead, ...", "What about ...") are options.

A cue counts only where a sentence, a line or a clause after a comma or semicolon starts with
it (after an interjection such as "wait," or "hmm,"), so a word like "instead of" inside a
sentence never splits an attempt. The text must hold at least two attempts. Each attempt keeps
the judgements stated inside it (`lexicon.judgements_in`); the choice is taken only where the
text commits: words that go with an attempt ("let's go with that", "I'll take the second
approach", "so I'll go with the tram" where only one attempt holds "tram") or an answer line
whose words belong to one attempt alone.
"""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.acted_on import restated
from scaffold.implicit.model import Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.stated_choice import RANDOM_PICK

_LEAD = r"(?:(?:wait|hmm+|no|nope|ok(?:ay)?|well|but|so|oh|actually|or)[ \t]*[,.!:;-]*[ \t]+)*"
_CUES = (
    r"alternatively|instead(?=[ \t]*[,:]|[ \t]+(?:let|I|we|try|go|take|use|consider|pick))"
    r"|let me (?:try|instead|reconsider|rethink|think again|start over)"
    r"|let'?s (?:try|instead|reconsider|rethink|start over)|lets try"
    r"|(?:what|how) about|on second thought|scratch that|start(?:ing)? over|try again"
    r"|back to the drawing board|one more (?:try|idea|attempt)"
    r"|back(?:ing)? up|backtrack(?:ing)?|(?:let me|let'?s) go back|going back"
    r"|(?:another|a different|a new|a better) (?:approach|idea|option|way|plan|attempt|try"
    r"|possibility|thought)|or (?:maybe|perhaps)|maybe instead"
)
_CUE = re.compile(rf"{_LEAD}(?P<cue>{_CUES})\b", re.IGNORECASE)
_STARTS = re.compile(r"(?:^|(?<=[.!?])[ \t]+|(?<=[,;:])[ \t]+|\n)[ \t>*#_-]*", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_PREAMBLE = re.compile(r"[^\n]*(?:[?:]|\b(?:task|question|problem|prompt)\b[^\n]*)[ \t]*\n",
                       re.IGNORECASE)
_THAT = re.compile(r"[ \t]*(?:with|for|on)?[ \t]*(?:that|this|it|this one|that one|the latter)\b",
                   re.IGNORECASE)
_NUMBERED = re.compile(r"\b(?:attempt|approach|idea|option|try|plan|way)\s*#?\s*(?P<n>\d)\b",
                       re.IGNORECASE)
_WORDS = re.compile(r"[a-z0-9]+")
_STOP = frozenset(re.findall(r"\w+", (
    "a an and the of to in on at for with by from is are be it its that this we i you our my "
    "so then or as go let lets s ll will would should answer final solution result")))
_PROPOSING = frozenset({"maybe"})
"""Hedges that, in free text, put an attempt forward ("Maybe the tram.") more often than judge
one: not read as judgements of an attempt."""
MAX_ATTEMPTS = 12
_PUTTING_FORWARD = frozenset(re.findall(r"\w+", (
    "one way how about what first second thought idea option another maybe perhaps try could "
    "alternatively instead approach attempt plan hmm wait well okay ok just also scratch start "
    "over again back reconsider rethink")))
"""Words that put an attempt forward, not what it is about: no sign that a later sentence
speaks of that attempt."""


def cues(text: str) -> list[tuple[int, int, str]]:
    """(start, cue end, cue word) of every restart cue at the start of a sentence, line or
    clause, in order and disjoint."""
    out: list[tuple[int, int, str]] = []
    for s in _STARTS.finditer(text):
        pos = s.end()
        if out and pos < out[-1][1]:
            continue
        if (m := _CUE.match(text, pos)) is not None:
            out.append((pos, m.end(), m.group("cue").lower()))
    return out


def _first_start(text: str, cue_at: int) -> int:
    """Where the first attempt starts: the paragraph holding the first cue, after a first line
    that states the task (a question, a "Task:" line)."""
    start = 0
    for para in _PARAGRAPH.finditer(text, 0, cue_at):
        start = para.end()
    if (head := _PREAMBLE.match(text, start)) is not None and head.end() <= cue_at:
        start = head.end()
    return _skip_space(text, start, cue_at)


def _skip_space(text: str, a: int, b: int) -> int:
    while a < b and text[a] in " \t\r\n":
        a += 1
    return a


def _trim(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " \t\r\n":
        b -= 1
    return b


def _stop(text: str, start: int, limit: int, last: bool) -> tuple[int, re.Match[str] | None]:
    """Where an attempt ends before `limit`, and the commit words that end it if any ("let's
    go with that", "So I'll take the tram."): an answer line or a sentence that commits cuts
    it, and so does a paragraph break after the last attempt."""
    end, commit = limit, None
    if (m := lx.ANSWER_LINE.search(text, start + 1, limit)) is not None:
        end = m.start()
    for m in lx.COMMIT.finditer(text, start + 1, end):
        sent = _sentence_start(text, start, m.start())
        if _strong(m) and sent > start and _object(text, m):
            end, commit = sent, m
            break
    if last and commit is None and (m := _PARAGRAPH.search(text, start, end)) is not None:
        end = m.start()
    return end, commit


_BARE_VERBS = frozenset({"choose", "pick", "select", "chosen", "picking", "choosing",
                         "selecting"})


def _strong(m: re.Match[str]) -> bool:
    """Commit words with a subject or "with" ("I'll go with", "going with"), not a bare verb
    ("pick a database" states a task)."""
    return m.group(0).strip().lower() not in _BARE_VERBS


def _object(text: str, m: re.Match[str]) -> str:
    """What the commit words go with: the rest of their sentence (at most 80 characters)."""
    end = _line_end(text, m.end(), 80)
    if (stop := _SENTENCE_END.search(text, m.end(), end)) is not None:
        end = stop.start()
    return text[m.end():end]


def _line_end(text: str, pos: int, most: int) -> int:
    end = text.find("\n", pos)
    return min(pos + most, len(text) if end < 0 else end)


def _committed(text: str, m: re.Match[str], options: list[Option]) -> Option | None:
    """The attempt commit words go with: "that"/"this one" is the latest, an ordinal or a
    number names one, else the one attempt that holds their object's words."""
    if _THAT.match(text, m.end()) is not None:
        return options[-1]
    window = _object(text, m)
    return _by_answer(text, m.end(), m.end() + len(window), options) if window else None


def _sentence_start(text: str, floor: int, pos: int) -> int:
    best = floor
    for m in _SENTENCE_END.finditer(text, floor, pos):
        best = m.end()
    return _skip_space(text, best, pos)


def _content(words: str) -> set[str]:
    return {w for w in _WORDS.findall(words.lower()) if w not in _STOP and len(w) > 1}


def _first_paragraph(text: str, o: Option) -> str:
    """An attempt's words up to its first blank line: where it is put forward. A later
    paragraph of the same attempt may put another forward without a cue ("Maybe Bxh7+? …"),
    whose name must not choose this attempt (a blind probe's random picks took the judgement
    of the attempt before them that way)."""
    m = _PARAGRAPH.search(text, o.span[0], o.span[1])
    return text[o.span[0]:o.span[1] if m is None else m.start()]


def _by_answer(text: str, a: int, b: int, options: list[Option]) -> Option | None:
    """The attempt the answer names ("the second approach", "attempt 2"), or the one attempt
    holding most of the answer's words (at least 60%, and more than any other)."""
    if (i := _named_index(text[a:b], len(options))) is not None:
        return options[i - 1]
    words = _content(text[a:b])
    if not words:
        return None
    cover = [len(words & _content(_first_paragraph(text, o))) / len(words) for o in options]
    best = max(cover)
    if best < 0.6 or cover.count(best) > 1:
        return None
    return options[cover.index(best)]


def _named_index(window: str, count: int) -> int | None:
    """The 1-based attempt an ordinal or a number in `window` names, if one of `count`."""
    i = None
    if (m := lx.ORDINAL_REF.search(window)) is not None:
        word = m.group("ord").lower()
        i = count if word == "last" else lx.ORDINALS[word]
    elif (m := _NUMBERED.search(window)) is not None:
        i = int(m.group("n"))
    return i if i is not None and 0 < i <= count else None


def _choice(text: str, options: list[Option], cut: re.Match[str] | None) -> Choice | None:
    """The attempt the text commits to: the words that cut the last attempt short, else the
    first commit words after it that go with one; an answer line that repeats one wins."""
    after = options[-1].span[1]
    choice = None
    commits = [cut] if cut is not None else [m for m in lx.COMMIT.finditer(text, after)
                                             if _strong(m)]
    for m in commits:
        if (found := _committed(text, m, options)) is not None:
            choice = Choice(found.id, (m.start(), m.end() + len(_object(text, m))),
                            "the text says it goes with this attempt")
            break
    for m in lx.ANSWER_LINE.finditer(text, after):
        b = _line_end(text, m.end(), len(text))
        found = _by_answer(text, m.end(), b, options)
        if found is not None:
            choice = Choice(found.id, (m.start(), b), "the answer repeats this attempt")
    if choice is None:  # a closing line in the words of one attempt ("Re-applying: X.")
        first_line = text.find("\n", options[-1].span[0])
        if first_line >= 0:
            choice = restated(text, options, [o.span[0] for o in options], first_line)
    if choice is not None and RANDOM_PICK.search(text, 0, choice.span[1]) is not None:
        return None  # a pick the text says was random selects on no evaluation
    return choice


def extract_restarts(text: str) -> list[DerivedDecision]:
    """At most one decision: the attempts between restart cues, and the one the text commits
    to; no decision unless two attempts hold words of their own."""
    found = cues(text)
    if not found:
        return []
    first = _first_start(text, found[0][0])
    starts = [first, *(c[0] for c in found)]
    heads = [(first, first, ""), *found]
    options: list[Option] = []
    cut: re.Match[str] | None = None
    for i, (start, head_end, word) in enumerate(heads):
        if i == 0 and start >= found[0][0]:
            continue
        limit = starts[i + 1] if i + 1 < len(starts) else len(text)
        end, cut = _stop(text, start, limit, i + 1 == len(starts))
        end = _trim(text, start, end)
        if len(_content(text[head_end:end])) < 2:
            cut = None
            continue
        judged = [Judgement(v, (s, e), p) for v, s, e, p in lx.judgements_in(text, head_end, end)
                  if p.lower() not in _PROPOSING]
        attrs: dict[str, str | float | int | bool] = {"cue": word} if word else {}
        options.append(Option(f"o{len(options) + 1}", (start, end), "restart attempt", judged,
                              attrs=attrs))
        if cut is not None or len(options) >= MAX_ATTEMPTS:
            break
    if len(options) < 2:
        return []
    _end_before_review(text, options)
    return [DerivedDecision("restarted attempts", options, _choice(text, options, cut))]


def _first_sentence(text: str, a: int, b: int) -> str:
    """Where an attempt is put forward: its words up to the end of the first sentence that
    says what it is about ("Scratch that. A hosted document store." runs to the second)."""
    pos = a
    while pos < b:
        m = _SENTENCE_END.search(text, pos, b)
        pos = b if m is None else m.end()
        if len(_content(text[a:pos]) - _PUTTING_FORWARD) >= 2:
            break
    return text[a:pos]


def _end_before_review(text: str, options: list[Option]) -> None:
    """End the last attempt at the first sentence after its own first one that names what an
    earlier attempt put forward ("First, the train. Alternatively, … Or maybe the shuttle
    bus. / The train is too slow. The shuttle bus is okay."): from there on the text reviews
    the attempts, and the last one would otherwise take the best of every judgement in the
    review, so a pick of the last attempt looked best whatever was said of it."""
    last = options[-1]
    a, b = last.span
    earlier = set().union(*(_content(_first_sentence(text, *o.span)) for o in options[:-1]))
    first_end = a + len(_first_sentence(text, a, b))
    theirs = earlier - _content(text[a:first_end]) - _PUTTING_FORWARD
    pos = first_end
    while pos < b:
        m = _SENTENCE_END.search(text, pos, b)
        stop = b if m is None else m.end()
        if _content(text[pos:stop]) & theirs:
            end = _trim(text, a, _skip_space(text, pos, stop))
            last.span = (a, end)
            last.judgements = [j for j in last.judgements if j.span[1] <= end]
            return
        pos = stop
