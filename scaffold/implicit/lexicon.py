"""Words a scratchpad uses to judge, restart, and commit. Negative forms are tried first, so
"doesn't work" is never read as "works"."""

from __future__ import annotations

import re

_VALUE_CELL = (r"(?:(?<=\|)|(?<=\| )|(?<=: )|(?<=:)|(?<=- )|(?<=– )|(?<=— )|(?<=\.\.\. )"
               r"|(?<=… ))(?<!not )(?<!n't )")
_NEG = [
    r"(?:(?<=[1-9] )|(?<=\d\d ))failed,? \d+ passed", r"(?<=\d )passed,? (?!0 )\d+ failed",
    r"(?:does ?n[o']t|did ?n[o']t|won'?t|will not|can'?t|cannot|can not|could ?n[o']t)"
    r" (?:work|reach|get|make|help|lead|give|be done|fit|answer)\w*",
    r"not (?:work\w*|reach\w*|possible|feasible|promising|good|great|viable"
    r"|enough(?: to \w+)?|it|right|correct|helpful|useful|24|the target)",
    r"no (?:good|luck|way|solution|dice)", r"nope", r"dead[- ]end", r"fail(?:s|ed)?\b",
    r"too (?:big|large|small|high|low|much|little|expensive|slow|long|short|risky|many|few"
    r"|complex|complicated|generic|vague|wordy|verbose|bland|formal|casual)",
    r"(?:has|have|had) (?:a |some )?bugs?", r"buggy", r"ambiguous", r"(?:the )?tone(?: is|'s) off",
    r"off[- ]tone", r"costs? a fortune", r"drags? on",
    r"overshoots?", r"undershoots?", r"falls? short", r"wrong", r"incorrect", r"stuck",
    r"useless", r"hopeless", r"impossible", r"unlikely", r"bad", r"worse", r"worst",
    r"unreachable", r"off by \d+", r"way off", r"that's off", r"not quite", r"miss(?:es|ed)\b",
    r"poor(?:ly)?", r"weak(?:er|est)?", r"needs? (?:more |a lot of |some )?work", r"painful",
    r"awkward", r"clunky", r"flawed", r"unreliable", r"not (?:a )?(?:good )?fit",
    r"ruled out", r"eliminated", r"not this(?: one)?(?=[ \t]*(?:[.!;,]|$))",
    r"(?:a )?non-?starter", r"(?:a )?(?:deal|show)[- ]?(?:breaker|stopper)", r"falls? over",
    r"short of", r"failing", r"done to death", r"over-?claim(?:s|ing)?", r"(?:so|overly) vague",
    _VALUE_CELL + r"(?:(?:still )?locked|rejected|(?:access )?denied|red light)",
]
_NEG_SYM = "[✗✘❌👎🔴]"
_VALUE_END = r"(?=[ \t]*(?:\||\n|$))"
"""Tree-of-Thoughts value words ("sure", "likely") count only as a table cell or after a colon,
a dash or an ellipsis at the end of a line ("10 13 13: sure"): elsewhere "sure" and "likely"
are not judgements ("Sure, let me…", "likely to be slow"). Terse outcomes of a try ("tried
'onyx' - locked", "Typing 'ruby'... accepted") count only after the same marks
(`_VALUE_CELL`), not as a sentence's words ("we accepted the offer")."""
_HEDGE = [r"close", r"almost", r"maybe", r"might work", r"could work",
          r"so-so", r"okay", r"ok\b", r"fine(?!-)", r"decent",
          r"not bad", r"mixed", r"possible", r"acceptable",
          _VALUE_CELL + r"likely" + _VALUE_END]
_POS = [
    r"works?\b", r"worked", r"it reaches", r"reaches (?:24|the target)", r"success\w*",
    r"solved", r"got it", r"bingo", r"that'?s it", r"correct", r"valid", r"perfect", r"yes\b",
    r"promising", r"good", r"great", r"best", r"better", r"excellent", r"strong(?:er|est)?",
    r"nice", r"ideal", r"solid", r"(?:clear |strong |top )?(?:winner|contender)",
    r"feasible", r"viable", r"there (?:we go|it is)", r"hit(?=[ \t]*:)", r"done",
    r"reads? (?:well|nicely|cleanly)",
    r"(?:the )?stand-?out", r"(?:hard|tough) to beat", r"confirmed", r"(?:the )?culprit",
    r"exactly(?![ \t]+(?:once|one|twice|two|three|four|as|how|what|the same))",
    r"hits? (?:24|the target)", r"can reach", r"reachable", r"solvable",
    _VALUE_CELL + r"sure" + _VALUE_END,
    r"(?:meets|satisfies|passes|clears|ticks) (?:all|every|each) (?:of )?(?:the |our |my )?"
    r"(?:requirements?|constraints?|checks?|tests?|criteri(?:a|on)|boxe?s?)",
    r"(?:meets|satisfies) (?:the|our|my) (?:requirements|constraints|criteria)",
    r"covers (?:everything|every(?:thing| case| requirement)|all (?:the |our )?(?:cases|needs))",
    r"no (?:real )?(?:downsides?|drawbacks?)", r"bang on", r"spot on",
    r"(?:0|zero|no|none) (?:tests? )?(?:fail(?:ed|ing|ures?)?|errors?)",
    r"(?<=all )(?:tests? )?(?:pass(?:ed|ing|es)?|green)",
    r"(?:tests?|suite) (?:is |are |went )?green", r"(?<=\d )passed",
    _VALUE_CELL + r"(?:accepted|unlocked|opened|green light|access granted)",
    r"(?:we['\u2019]re|I['\u2019]m) in(?=[ \t]*(?:[.!,;)]|$))",
    r"(?:it|that) opens(?=[ \t]*(?:[.!,;)]|$))",
]
_POS_SYM = "[✓✔✅👍🟢]"
_HEDGE_SYM = "[🟡⚠]"
"""Traffic lights judge too: 🟢 good, 🟡 (or ⚠) so-so, 🔴 bad."""
_NEG_REVIEW = [
    r"(?:does ?n[o']t|did ?n[o']t|won'?t|will not|can'?t|cannot|can not|could ?n[o']t)"
    r" (?:hold up|add up|scale)",
    r"abandoned", r"unmaintained", r"swamped", r"overpowering", r"harsh", r"risky", r"sluggish",
    r"brittle", r"flaky", r"fragile", r"messy", r"sloppy", r"broken", r"inaccurate",
    r"misleading", r"confusing", r"circular", r"outdated", r"obsolete", r"dull", r"bland",
    r"subpar", r"inferior", r"inadequate", r"insufficient", r"unacceptable", r"unusable",
    r"overpriced", r"bloated", r"diverg(?:ed|es|ing)", r"unstable", r"oscillat(?:es|ed|ing)",
    r"blows? up", r"blew up", r"(?:above|below|behind|short of|worse than) the best",
    r"(?:way )?too (?:tight|sweet|salty|bitter|sour|hot|spicy|heavy"
    r"|weak|strong|loud|noisy|dark|cramped|tedious)", r"not (?:worth|great|ideal|safe)",
]
_HEDGE_REVIEW = [r"middling", r"mediocre", r"meh", r"average", r"borderline", r"marginal"]
_POS_REVIEW = [
    r"(?:meets|satisfies|passes|clears|ticks) (?:all|every|each) (?:of )?(?:the |our |my )?"
    r"(?:two|three|four|five|six) (?:requirements|constraints|checks|tests|criteria|boxes|needs)",
    r"(?:meets|satisfies|covers) (?:all|every|each) (?:of )?(?:the |our |my )?needs?",
    r"green across the board", r"no regressions?", r"(?:every|all) (?:the )?(?:checks?|tests?)"
    r" (?:pass(?:ed|es)?|green)", r"passes the lot",
    r"accurate", r"faithful", r"concise", r"elegant", r"robust", r"reliable", r"impressive",
    r"outstanding", r"superb", r"balanced", r"holds? up", r"(?:all )?checks? out",
    r"well[- ]maintained", r"the way to go", r"(?:clearly|well|way|comfortably|miles) ahead",
    r"nothing else (?:comes close|comes near|matches (?:it|that)|beats (?:it|that)|lasts)",
    r"(?:clear|obvious) (?:choice|pick|favou?rite)", r"cleanest", r"smoothest", r"most stable",
]
"""Words that reviews in free text judge with, read by `judgements_in` but not scanned in the
number games: each literal word of a scanned pattern is a place the scan tries it
(`scan_starts`), and these would slow every game24 trace for words its texts never use."""


def _judgement_pattern(neg: list[str], hedge: list[str], pos: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(
        f"(?P<{name}>\\b(?:{'|'.join(words)})\\b|{sym})"
        for name, words, sym in (("neg", neg, _NEG_SYM), ("hedge", hedge, _HEDGE_SYM),
                                 ("pos", pos, _POS_SYM))), re.IGNORECASE)


JUDGEMENT = _judgement_pattern(_NEG, _HEDGE, _POS)
_VERB_CLOSE = (r"close(?![ \t]+(?:\d|(?:the|a|an|its|their|our|my|his|her|down|out|off|it|them"
               r"|all)\b))")
REVIEW_JUDGEMENT = _judgement_pattern(
    _NEG + _NEG_REVIEW, [_VERB_CLOSE if h == "close" else h for h in _HEDGE] + _HEDGE_REVIEW,
    _POS + _POS_REVIEW)
"""JUDGEMENT with the review words, for free text; "close" there is the hedge only where no
number or object follows it ("will close 29 branches" is a verb)."""
NEGATION = re.compile(r"\b(?:not|no|never|nor|neither)\b|n't\b", re.IGNORECASE)
"""A negation: a closing line that holds one ("GitHub Actions it is not") picks nothing."""
VALUES = {"neg": 0.0, "hedge": 0.5, "pos": 1.0}

RESTART = re.compile(
    r"\b(?:start(?:ing)? over|from (?:the )?(?:start|scratch|beginning|top)|another approach"
    r"|another way|different approach|different way|new approach|scratch that|restart"
    r"|try again|one more (?:time|try)|fresh start)\b", re.IGNORECASE)
BACKTRACK = re.compile(
    r"\b(?:alternatively|instead|wait|what about|how about|otherwise|back(?:track\w*| up| to)"
    r"|go(?:ing)? back|return(?:ing)? to|other (?:option|move)|another (?:option|idea|move|try"
    r"|attempt|branch|path)|or else|no luck)\b", re.IGNORECASE)
WEAK = re.compile(r"\b(?:let me try|let's try|lets try|try|then|next|continue|from there"
                  r"|go(?:ing)? with|take)\b", re.IGNORECASE)
HEAD_WORDS = ("option|plan|approach|idea|attempt|candidate|choice|route|path|draft|strategy"
              "|hypothesis|alternative|proposal|design|variant|theory|version|trial|run|edit|patch"
              "|suspect(?=\\s*#)|h(?=\\d)|v(?=\\d)")
"""Words that label an option ("Option B", "Hypothesis 2", "Suspect #3", "H1", "Run 3", "v2");
"suspect" only before "#", "h" and "v" only before a digit, so "I suspect 2 of them" and "h"
alone label nothing."""
ANSWER_LINE = re.compile(
    r"^[ \t>*#_-]*(?:final answer|answer|solution|result|so the answer is|therefore"
    r"|final (?:config(?:uration)?|pick|choice|version|selection|plan|draft|title|design|call"
    r"|pattern|regex|query|model|setting|value|name|recipe|route|order|ranking)"
    r"|the answer is|verdict|conclusion|decision|choice made|my (?:choice|pick)|bottom line"
    r"|(?:so|then|okay|ok|alright)[,:]?[ \t]+(?=[^\n]{1,60}?[ \t]+it is\b)"
    r"|(?=[^\n]{1,60}?[ \t]+it is[.!]?[ \t*_]*$))\b[ \t*_]*[:=]?",
    re.IGNORECASE | re.MULTILINE)
"""A line that states the answer or the choice ("Answer:", "Decision: plan C", "So, the ferry
it is.", a line "The ferry it is.")."""
THEN_LINE = re.compile(
    rf"(?:^[ \t>*#_-]*|(?<=[.!?][ \t]))(?=(?:{HEAD_WORDS})\s*#?\s*(?-i:[A-Z]|\d{{1,2}})[ \t]+then"
    r"[ \t]*(?:[.!]|[ \t]*[-:\u2013\u2014][^\n]{0,60})?[ \t]*$)", re.IGNORECASE | re.MULTILINE)
"""A labelled choice closing a line, also after a sentence on it: "Plan C then - the Leaf."
(kept apart from ANSWER_LINE, which number games scan whole)."""


BEST_LINE = re.compile(r"^[ \t>*#_-]*(?:the[ \t]+)?(?:best|winner|top pick)(?:[ \t]+[a-z]+){0,2}"
                       r"[ \t*_]*:[ \t*_]*", re.IGNORECASE | re.MULTILINE)
"""A line that names the best of the options: "Best summary: (C)", "Winner: Redis". Free text
reads it as the choice only as the text's last line, where no commitment or answer names one
(`stated_choice`): in a review ("- Best bet: pycsvx - active" before "Going with csvkite.") it
is a judgement."""


def answer_lines(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """ANSWER_LINE and THEN_LINE matches in text[start:end], in order."""
    end = len(text) if end is None else end
    return sorted([*ANSWER_LINE.finditer(text, start, end), *THEN_LINE.finditer(text, start, end)],
                  key=lambda m: m.start())
CHECK_LINE = re.compile(
    r"[ \t>*#_-]*(?:(?:so|now|ok(?:ay)?|alright|finally|and)[,]?[ \t]+)?(?:let me |let's |lets "
    r"|i'?ll |i will |to |quick(?:ly)? |one (?:last|more) |a quick |final )?(?:double[- ]?check"
    r"|re-?check|check|verify|verifying|verification|confirm|confirming|sanity[- ]check)\w*\b",
    re.IGNORECASE)
"""A line that opens by checking something ("Let me double-check: ...", "Verify: ...")."""
COMMIT = re.compile(
    r"\b(?:(?:i'?ll|i will|i'd|let'?s|let us|we'?ll|we|i)\s+(?:go|going|stick|stay|proceed|run"
    r"|continue|settle|choose|pick|take|select|use|opt|pursue|investigate|explore|focus|lock\s+in)(?:\s+(?:with|for|on))?"
    r"|(?:going|go|stick|settle|continue|proceed)\s+with|locking\s+in"
    r"|(?:continue|continuing|proceed(?:ing)?|go(?:ing)? on)\s+from"
    r"(?!\s+(?:here|there|this|that)\b)"
    r"|i choose|i pick|i select|my choice is"
    r"|(?:choose|pick|(?-i:[Ss]elect)|chosen|picking|choosing|selecting|expanding|shipping"
    r"|merging)"
    r"|(?:we'?ll|we will|let'?s|we) (?:ship|merge)|the winner is"
    r"|decision|(?:already[ \t]+)?(?:decided|settled)(?:[ \t]+(?:on|for))?"
    r"|final choice|my (?:pick|choice)|recommendation|(?:i'?d |i )?recommend(?:ed)?"
    r"|i'?d prefer|i prefer|my call is|(?:we'?ll|we will|let'?s) do|i'?ll put forward)",
    re.IGNORECASE)
"""Words that commit to an option ("I'll go with", "picking", "recommend"); not SQL's SELECT."""
LABEL_REF = re.compile(
    rf"\b(?:{HEAD_WORDS}|try)"
    r"\s*#?\s*(?P<label>(?-i:[A-Z])|\d{1,2})\b", re.IGNORECASE)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
ORDINAL_REF = re.compile(
    r"\bthe (?P<ord>first|second|third|fourth|fifth|sixth|last) (?:one|option|plan|approach"
    r"|idea|attempt|candidate|route|path|draft)\b", re.IGNORECASE)
PAREN_NAME = r"[ \t]*\((?P<name>[^()\n]{1,60})\)"
"""A name in parentheses right after an option's label: "Plan A (CircleCI) would work"."""
PAREN_NAMED = r"(?=" + PAREN_NAME.replace("?P<name>", "?:") + r"[ \t,])"
"""A label followed by a name in parentheses and a space: a head, with no colon or dash."""
OPTION_HEAD = re.compile(
    rf"^[ \t>*#_|-]*(?:\[[ \t]*(?=(?:{HEAD_WORDS}|try)\s*#?\s*\w{{1,2}}[ \t]*\]))?"
    rf"(?:(?P<word>{HEAD_WORDS}|try)"
    r"\s*#?\s*(?P<label>(?-i:[A-Z])|\d{1,2})\b(?:[ \t*_]*[:.)\]|\u2013\u2014-]|" + PAREN_NAMED +
    r"|[ \t]+(?!(?:is|was|are|were|looks|seems|would|will|could|might|may|has|had|and|or|vs"
    r"|versus|beats|wins|over|than|then)\b)(?=[^\n:\u2013\u2014]{1,60}[:\u2013\u2014]))"
    r"|\(?(?P<enum>[A-Ha-h]|\d{1,2})[.)][ \t]+)"
    r"|^[ \t]*\|[ \t*_]*(?P<row>(?-i:[A-Z])|\d{1,2})[ \t*_]*[:.)|\u2013\u2014-]",
    re.IGNORECASE | re.MULTILINE)
"""The head of a labelled option: "Option B:", "Plan 2 —", "Option A Redis: 7/10" (a name, then
a colon or a dash on the line), "(a) ", "3. ", or a table row whose first cell starts with a
label ("| B: borrow a car | ... |", "| Option 2 | ... |")."""
INLINE_NAMED_HEAD = re.compile(
    r"(?:^|(?<=[.!?;:][ \t])|(?<=[.!?;:][ \t]{2}))[ \t*_]*"
    rf"(?P<word>{HEAD_WORDS})\s*#?\s*(?P<label>(?-i:[A-Z])|\d{{1,2}})"
    r"\b(?:[ \t*_]*[:\u2013\u2014]|" + PAREN_NAMED + ")", re.IGNORECASE | re.MULTILINE)
"""A named head inside a line, opening a sentence and followed by a colon, a dash or a name in
parentheses: "… a cache. Option A: Postgres, 8/10. Option B: Redis, 5/10."
(`freetext._inline_heads`)."""
INLINE_ENUM_HEAD = re.compile(r"(?:^|(?<=[.!?;:,][ \t])|(?<=[ \t]))\((?P<enum>[a-hA-H]|\d)\)[ \t]+",
                              re.MULTILINE)
"""An enumerated item inside a line: "Two choices: (1) Postgres …; (2) Redis …"; the caller
keeps only labels that run in order from 1 or a."""
RATING = re.compile(
    r"\b(?:total|score|rating|overall)\b[ \t:=*_]*(?P<num3>\d+(?:\.\d+)?)[ \t]*(?:/|out of)"
    r"[ \t]*(?P<den3>\d{1,3})\b|(?P<num>\d+(?:\.\d+)?)\s*(?:/|out of)\s*(?P<den>10|5|100|40|50)\b"
    r"|\b(?:score|rating|rated|grade)\s*[:=]?\s*(?P<num2>\d+(?:\.\d+)?)"
    r"|\b(?P<num4>\d+(?:\.\d+)?)[ \t]+(?:points?[ \t]+)?out[ \t]+of[ \t]+(?P<den4>\d{1,3})\b"
    r"|\b(?P<num5>\d+(?:\.\d+)?)[ \t]+of[ \t]+(?P<den5>\d{1,3})[ \t]+points?\b"
    r"|\b(?P<num6>\d{1,3})[ \t]*(?:of|/)[ \t]*(?P<den6>\d{1,3})[ \t]+(?:(?:tests?|checks?|crossers?"
    r"|cases?|letters?)[ \t]+)?(?:right|correct|passed|pass|passing|green|matched|met|ok|fit"
    r"|can|could|available|attending)\b"
    r"|\b(?:pass(?:es|ed|ing)?|green|fits)[ \t]*:?[ \t]*(?P<num8>\d{1,3})[ \t]*(?:/|of|out[ \t]+of)"
    r"[ \t]*(?P<den8>\d{1,3})\b(?![.,]\d)"
    r"|\b(?P<num9>\d{1,3})[ \t]+of[ \t]+(?P<den9>\d{1,3})(?=[ \t]*,[ \t]*\d{1,3}[ \t]+fail)"
    r"|\ball[ \t]+(?P<all>\d{1,3})[ \t]+(?:tests?[ \t]+)?(?:green|pass(?:ed|ing)?)\b"
    r"|\((?P<num7>\d{1,3})/(?P<den7>\d{1,3})\)",
    re.IGNORECASE)
"""A stated rating: "score 7/10", "7/10" (also out of 5, 40, 50, 100), "rated 8", "35 out of
40", "30 of 40 points", a count "5 of 6 right", "9/12 tests passed", "passes 14/18", "fits 1
of 3", "22 of 23, 1 failing", "all 23 green", "9 of 12 can make it", or "(6/6)"."""
COMPARE = re.compile(
    r"\b(?i:option|plan|approach|idea|attempt|candidate)\s*(?P<a>[A-Z]|\d{1,2})\s+(?i:is|looks"
    r"|seems)\s+(?i:better|stronger|preferable|superior)\s+than\s+(?:(?i:option|plan|approach"
    r"|idea|attempt|candidate)\s*)?(?P<b>[A-Z]|\d{1,2})\b")


_NEGATED = re.compile(r"(?:\bnot|n't|\bno|\bnever|\bhardly)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
"""A judgement word negated by a word up to two words before it ("not going to work")."""
_NEGATION_REACH = 24


_OPENERS = frozenset({"okay", "ok", "maybe"})
_SENTENCE_START = re.compile(r"(?:^|[.!?]|\n)[ \t>*#_-]*$")


def _opener(text: str, m: re.Match[str]) -> bool:
    """An "Okay," / "Maybe we…" that opens a sentence or a line: a discourse marker or a
    proposal of what comes next, not a judgement of what came before ("Okay." alone still is)."""
    if m.group(0).lower() not in _OPENERS:
        return False
    after = text[m.end():m.end() + 2]
    if not (after[:1] == "," or (after[:1] == " " and after[1:2].isalpha())):
        return False
    return _SENTENCE_START.search(text, max(0, m.start() - 8), m.start()) is not None


BARE_NO = re.compile(r"(?:(?<=: )|(?<=:)|(?<=- )|(?<=\u2013 )|(?<=\u2014 )|(?<=\? ))no"
                     r"(?=[ \t]*[,.;!])", re.IGNORECASE)
"""A bare "no" as a verdict, after a colon, a dash or a question and before a comma or a full
stop ("(A) 403 - no, Forbidden.", "Earth? No, 365 days"); not "I said no." Read in free text
(`judgements_in`), apart from JUDGEMENT, whose word scan it would slow down."""


def judgements_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[float, int,
                                                                                  int, str]]:
    """(value, start, end, phrase) for every judgement phrase in text[start:end]."""
    end = len(text) if end is None else end
    out = [(0.0, m.start(), m.end(), m.group(0)) for m in BARE_NO.finditer(text, start, end)]
    bare = len(out)
    for m in REVIEW_JUDGEMENT.finditer(text, start, end):
        kind = m.lastgroup or "pos"
        if kind == "hedge" and _opener(text, m):
            continue
        value = VALUES[kind]
        if kind != "neg" and _NEGATED.search(text, max(0, m.start() - _NEGATION_REACH), m.start()):
            value = 0.0
        out.append((value, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda j: j[1]) if bare else out


_WORD = re.compile(r"[A-Za-z][A-Za-z']*|[✓✔✅✗✘❌👍👎🟢🟡🔴⚠]")
_LITERAL = re.compile(r"[a-z][a-z']*|[✓✔✅✗✘❌👍👎🟢🟡🔴⚠]")


def _triggers(pattern: re.Pattern[str]) -> dict[str, tuple[str, ...]]:
    """Every literal word of a pattern, by first letter: any match starts with a word that
    begins with one of them (used to skip the pattern everywhere else)."""
    source = re.sub(r"\\[a-zA-Z]", " ", pattern.pattern)
    out: dict[str, set[str]] = {}
    for w in _LITERAL.findall(source.lower()):
        out.setdefault(w[0], set()).add(w)
    return {c: tuple(sorted(ws)) for c, ws in out.items()}


SAID = re.compile(r"\b(?:multiply|multiplying|multiplied|add|adding|subtract|subtracting|take"
                  r"|taking|divide|dividing|divided|times|plus|minus)\b", re.IGNORECASE)
"""Where a computation said in words may be (`arith_parse._PROSE`): its verb ("multiply 6 by
4 ...") or the operator word after its first number ("9 minus 6 is 3")."""

SCANNED: dict[str, re.Pattern[str]] = {
    "judge": JUDGEMENT, "restart": RESTART, "back": BACKTRACK, "weak": WEAK, "commit": COMMIT,
    "said": SAID,
}
_TRIGGERS = {kind: _triggers(p) for kind, p in SCANNED.items()}


_NAMES = tuple(SCANNED)
_PATTERNS = tuple(SCANNED.values())
_KINDS: dict[str, tuple[int, ...]] = {}
"""The kinds (indices into SCANNED) a word (as written) could start a match of, by word:
words repeat."""


def _kinds_of(word: str) -> tuple[int, ...]:
    kinds = _KINDS.get(word)
    if kinds is None:
        low = word.lower()
        kinds = tuple(i for i, t in enumerate(_TRIGGERS.values())
                      if low.startswith(t.get(low[0], ("\0",))))
        if len(_KINDS) < 100_000:
            _KINDS[word] = kinds
    return kinds


def scan(text: str) -> dict[str, list[re.Match[str]]]:
    """The matches of every pattern in SCANNED, as `finditer` would find them, in one pass
    over the words: a pattern is only tried where a word could start one of its matches
    (`scan_starts.kinds_of`)."""
    from scaffold.implicit.scan_starts import KINDS, kinds_of  # (it reads the tables here)

    found: list[list[re.Match[str]]] = [[] for _ in _NAMES]
    last = [0] * len(_NAMES)
    known = KINDS.get
    for w in _WORD.finditer(text):
        word = w.group()
        kinds = known(word)
        if kinds is None:
            kinds = kinds_of(word)
        if not kinds:
            continue
        pos = w.start()
        for k in kinds:
            if pos < last[k]:
                continue
            m = _PATTERNS[k].match(text, pos)
            if m is not None:
                end = m.end()
                if end > pos:
                    found[k].append(m)
                    last[k] = end
    return dict(zip(_NAMES, found, strict=True))


def judgements_from(text: str, matches: list[re.Match[str]]) -> list[tuple[float, int, int,
                                                                            str]]:
    """judgements_in for matches already found by `scan`."""
    out = []
    for m in matches:
        kind = m.lastgroup or "pos"
        if kind == "hedge" and _opener(text, m):
            continue
        value = VALUES[kind]
        if kind != "neg" and _NEGATED.search(text, max(0, m.start() - _NEGATION_REACH), m.start()):
            value = 0.0
        out.append((value, m.start(), m.end(), m.group(0)))
    return out
