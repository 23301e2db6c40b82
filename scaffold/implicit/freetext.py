"""Generic free text, read conservatively: options the text labels ("Option B", "Plan 2", "1.",
"(a)"), judgements stated inside an option (ratings such as 7/10 first, else judging words),
and a choice only where the text names the option it goes with. A text with no labels may still
hold a decision matrix (`scaffold.implicit.matrix`), values of an unknown tried in turn
(`scaffold.implicit.trials`), a bullet list of named options (`scaffold.implicit.bullets`) or
lines that each open with a name (`scaffold.implicit.named_lines`) or a value
(`scaffold.implicit.value_lines`), options listed in one sentence
(`scaffold.implicit.prose_list`), knockout matches (`scaffold.implicit.knockout`), options
rated in parentheses in prose (`scaffold.implicit.paren_rated`), attempts separated by restart
cues (`scaffold.implicit.restarts`) or, last, sentences that each state a rating
(`scaffold.implicit.rated_units`). Drafts revised in turn (`scaffold.implicit.drafts`) and
headed lists of ticked pros and cons (`scaffold.implicit.pros_cons`) are read first."""

from __future__ import annotations

import re
from collections.abc import Callable

from scaffold.implicit import lexicon as lx
from scaffold.implicit.acted_on import acted_on, restated
from scaffold.implicit.bullets import extract_bullets, mentioned, name_of, named_in
from scaffold.implicit.checklist import extract_checklist
from scaffold.implicit.corrected import correct_quantities
from scaffold.implicit.drafts import extract_drafts
from scaffold.implicit.knockout import extract_knockout
from scaffold.implicit.matrix import extract_matrix
from scaffold.implicit.measured import by_goal, measured
from scaffold.implicit.model import DerivedDecision, Judgement, Option
from scaffold.implicit.named_lines import extract_named_lines
from scaffold.implicit.paren_rated import extract_paren_rated
from scaffold.implicit.pros_cons import extract_pros_cons, table_columns
from scaffold.implicit.prose_list import SENTENCE, extract_prose_list
from scaffold.implicit.quoted import extract_quoted
from scaffold.implicit.ranking import judge_relative, rank_list, scaled
from scaffold.implicit.rated_units import extract_rated_units
from scaffold.implicit.ratings import (
    VERDICT_LINE,
    csv_metric_column,
    metric_column,
    named_grades,
    rated,
    score_column,
    stated_totals,
)
from scaffold.implicit.record_items import extract_record_items
from scaffold.implicit.restarts import extract_restarts
from scaffold.implicit.stated_choice import RANDOM_PICK, made_before, stated_choice
from scaffold.implicit.trials import extract_trials
from scaffold.implicit.value_lines import extract_value_lines

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_BARE = re.compile(r"[ \t]*(?:the[ \t]+)?#?(?:(?P<label>[A-Z]|\d{1,2})(?=[ \t]*(?:[.,;:!)]|$))"
                   r"|\((?P<paren>[A-Za-z]|\d{1,2})\))", re.MULTILINE)


_SENTENCE_END = re.compile(r"[.!?;](?=[ \t])")


def _heads(text: str) -> list[tuple[int, int, str]]:
    """(start, end of head, label) of labelled options; enumerations need at least two items,
    all different. Heads open lines; only if fewer than two do, heads inside a line are read
    (`_inline_heads`): "(A) 403 (B) 401\n(A) 403 - no. (B) 401 - yes." lists the options,
    then judges them, in lines that both open with "(A)"."""
    named, enums = [], []
    for m in lx.OPTION_HEAD.finditer(text):
        if m.group("label") or m.group("row"):
            named.append((m.start(), m.end(), (m.group("label") or m.group("row")).lower()))
        else:
            enums.append((m.start(), m.end(), m.group("enum").lower()))
    heads = named if len(named) >= 2 else []
    if len(enums) >= 2 and not heads and len({e[2] for e in enums}) == len(enums):
        heads = enums  # a label seen twice opens lines that each list every option
    return heads or _inline_heads(text)


def _inline_heads(text: str) -> list[tuple[int, int, str]]:
    """Options written on one line: "Option A: Postgres, 8/10. Option B: Redis, 5/10." (a
    named head with a colon or dash, opening a sentence), or an enumeration "(1) …; (2) …"
    whose labels run 1, 2, … or a, b, … in order. At least two either way; named heads win."""
    named = [(m.start(), m.end(), m.group("label").lower())
             for m in lx.INLINE_NAMED_HEAD.finditer(text)]
    if len(named) >= 2:
        return named
    enums: list[tuple[int, int, str]] = []
    for m in lx.INLINE_ENUM_HEAD.finditer(text):
        label = m.group("enum").lower()
        first = "1" if label.isdigit() else "a"
        want = first if not enums else _next_label(enums[-1][2])
        if label != want:
            if label != first:
                continue
            enums = []  # a new enumeration starts: keep the last one that runs in order
        enums.append((m.start(), m.end(), label))
    return enums if len(enums) >= 2 else []


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _end(text: str, start: int, limit: int, verdicts: bool, names: list[str] | None,
         last: bool) -> int:
    """Where an option that starts at `start` ends: at the next head (`limit`), a blank line,
    an answer line or a commitment that names an option by label (or, for the `last` option,
    by one of `names`). With `verdicts`, a verdict line that names no option ("Verdict: poor
    fit.") is the option's own and does not end it."""
    stops = [limit]
    if (m := _PARAGRAPH.search(text, start, limit)) is not None:
        stops.append(m.start())
    for m in lx.answer_lines(text, start, limit):
        if m.start() <= start:
            continue
        if not (verdicts and _own_verdict(text, m.start(), names)):
            stops.append(m.start())
            break
    for m in lx.COMMIT.finditer(text, start, limit):
        if _ref(text, m.end()) is not None or (
                last and names is not None and named_in(text, m.end(), names) is not None):
            # the option ends where the line or the sentence that commits begins
            line = text.rfind("\n", start, m.start())
            sentence = max((s.end() for s in _SENTENCE_END.finditer(text, start, m.start())),
                           default=-1)
            stops.append(max(line, sentence, start + 1))
            break
    return min(stops)


def _own_verdict(text: str, pos: int, names: list[str] | None) -> bool:
    """A verdict line at `pos` that names no option: it sums up the option it is in."""
    m = VERDICT_LINE.match(text, pos)
    if m is None:
        return False
    said = text.find(":", pos, m.end()) + 1 or pos
    return _ref(text, said) is None and (names is None or named_in(text, said, names) is None)


def _judgements(text: str, start: int, end: int, name: str | None = None) -> list[Judgement]:
    """What text[start:end] says of an option: bare grades after its `name` ("A rideshare? C
    at best" is a C, not "best"), else stated ratings, else judging words."""
    if name is not None and (found := named_grades(text, start, end, name)):
        return found
    if found := rated(text, start, end):
        return found
    return [Judgement(v, (s, e), p) for v, s, e, p in lx.judgements_in(text, start, end)]


def _ref(text: str, pos: int) -> str | None:
    line_end = text.find("\n", pos)
    window = text[pos:min(pos + 60, len(text) if line_end < 0 else line_end)]
    if (m := lx.LABEL_REF.match(window.lstrip(" \t:"))) is not None or (
            m := lx.LABEL_REF.search(window)) is not None:
        return m.group("label").lower()
    if (m := lx.ORDINAL_REF.search(window)) is not None:
        return "#" + m.group("ord").lower()
    bare = _ANSWER_AGAIN.sub("", window.lstrip(" \t:*_"), count=1)
    if (m := _BARE.match(bare)) is not None:
        return (m.group("label") or m.group("paren")).lower()
    if (m := _NOUN_LABEL.match(bare)) is not None:
        return m.group("label").lower()
    return None


_NOUN_LABEL = re.compile(r"[ \t]*(?:the[ \t]+)?[a-z]+[ \t]+#?(?P<label>(?-i:[A-Z])|\d{1,2})"
                         r"(?=[ \t]*(?:[.,;:!)]|$))", re.MULTILINE)
"""A label after a noun of the text's own ("I pick summary C.", "going with recipe 2")."""


_ANSWER_AGAIN = re.compile(r"^(?i:final answer|answer|choice|pick)[*_ \t]*:[*_ \t]*")
"""An answer word repeated after an answer line's own ("Result: **Answer:** (b)")."""


def extract_free_text(text: str, goal: int | None = None) -> list[DerivedDecision]:
    """At most one decision: drafts revised in turn, headed lists of ticked pros and cons, a
    list of names judged after it (`prose_list`), the labelled options, a bullet list,
    knockout matches, or else the attempts between restart cues; and the option the text says
    it goes with. `goal` is the way the task's prompt says is better (`measured.prompt_goal`),
    read where the text states none."""
    if drafts := extract_drafts(text, _judgements):
        return drafts  # drafts revised in turn, the answer repeating one
    if marked := extract_pros_cons(text):
        return marked  # headed lists of pros and cons marked by ticks and crosses
    if listed := extract_prose_list(text, _judgements, lines=True):
        return listed  # names, one a line, judged in the sentences after them
    if checked := extract_checklist(text):
        return checked  # requirements in the rows, each option marked yes or no in each
    heads = _heads(text)
    if len(heads) >= 2 and "\n" not in text[heads[0][0]:heads[-1][1]] and (
            listed := extract_prose_list(text, _judgements)):
        return listed  # an enumeration of names in one line, judged in the sentences after it
    if len(heads) < 2:
        if columns := extract_matrix(text):
            return columns  # a decision matrix, the options its columns
        if tried := extract_trials(text):
            return tried  # values of one unknown tried in turn
        if quoted := extract_quoted(text, _judgements):
            return quoted  # quoted texts one a line, one quoted again after them
        if bulleted := _more_options(extract_record_items(text, _judgements),
                                     extract_bullets(text, _judgements),
                                     extract_named_lines(text, _judgements),
                                     extract_value_lines(text, _judgements)):
            for d in bulleted:
                _stated_scores(text, d.options, goal)
                said = [str(o.attrs["label"]) for o in d.options]
                _read_review(text, d.options[-1].span[1], d.options, said)
                chosen_at = len(text) if d.choice is None else d.choice.span[0]
                correct_quantities(text, d.options[-1].span[1], chosen_at, d.options, said)
                judge_relative(text, 0, chosen_at, d.options, said)
            return bulleted
        return _unlabelled(text)
    options: list[Option] = []
    names = _names(text, heads)
    for i, (start, head_end, label) in enumerate(heads):
        limit = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        if text[start:head_end].lstrip(" \t").startswith("|"):  # a table row ends with its line
            line_end = text.find("\n", head_end)
            limit = min(limit, len(text) if line_end < 0 else line_end)
        verdicts = i + 1 < len(heads) or all(
            VERDICT_LINE.search(text, o.span[0], o.span[1]) for o in options)
        end = _end(text, head_end, limit, verdicts, names, i + 1 == len(heads))
        judged = _judgements(text, head_end, end, None if names is None else names[i])
        options.append(Option(f"o{i + 1}", (start, end), "labelled option", judged,
                              attrs={"label": label}))
    _end_before_review(text, heads, options, names)
    _read_review(text, options[-1].span[1], options, names)
    _stated_scores(text, options, goal)
    after = options[-1].span[1]

    def named(pos: int) -> Option | None:
        if (ref := _ref(text, pos)) is not None:
            return _resolve(ref, options)
        i = None if names is None else named_in(text, pos, names)
        return None if i is None else options[i]

    choice = stated_choice(text, options, heads[0][1], after, named)
    if choice is None and (line_end := text.find("\n", heads[-1][1])) >= 0:
        choice = (acted_on(text, options, [h[1] for h in heads], line_end)
                  or restated(text, options, [h[1] for h in heads], line_end))
        if made_before(text, choice, options[0].span[0], named):
            choice = None
    judge_relative(text, 0, len(text) if choice is None else choice.span[0], options, names)
    rank_list(text, heads[0][0], options)
    if choice is None and sum(1 for o in options if o.judgements) < 2:
        # a labelled list that is no decision (numbered facts, steps): another reading may be
        return _unlabelled(text) or [DerivedDecision("labelled options", options, None)]
    return [DerivedDecision("labelled options", options, choice)]


def _more_options(*readings: list[DerivedDecision]) -> list[DerivedDecision]:
    """Of the readings (each one decision or none), one with a choice if any has one, and of
    those the one with the most options, the first of them on a tie."""
    return max(readings, key=lambda r: (any(d.choice is not None for d in r),
                                        sum(len(d.options) for d in r)))


def _unlabelled(text: str) -> list[DerivedDecision]:
    """The readings that need no labels, in order: names listed in one sentence, knockout
    matches, ratings in parentheses, restarts, rated sentences."""
    return (extract_prose_list(text, _judgements) or extract_knockout(text)
            or extract_paren_rated(text) or extract_restarts(text)
            or extract_rated_units(text))


def _end_before_review(text: str, heads: list[tuple[int, int, str]], options: list[Option],
                       names: list[str] | None) -> None:
    """End the last option at the first sentence after its head's line that calls another
    option by label or name ("Option C: the night bus. / Thinking it over: option A is great.
    Option B is too slow."): from there the text reviews the options, and the last one would
    otherwise take the best of every judgement in the review, so a pick of the last option
    looked best whatever was said of it."""
    last, (_, head_end, label) = options[-1], heads[-1]
    a, b = last.span
    line_end = text.find("\n", head_end, b)
    if line_end < 0:
        return
    others = [] if names is None else [n for n in names[:-1] if n != names[-1]]
    for m in SENTENCE.finditer(text, line_end, b):
        bare = _BARE_SUBJECT.match(m.group())
        if any(r.group("label").lower() != label for r in lx.LABEL_REF.finditer(m.group())) or (
                others and named_in(m.group(), 0, others) is not None) or (
                bare is not None and bare.group("label").lower() != label):
            end = m.start()
            while end > a and text[end - 1] in " \t\n":
                end -= 1
            last.span = (a, end)
            last.judgements = _judgements(text, head_end, end,
                                          None if names is None else names[-1])
            return


def _read_review(text: str, start: int, options: list[Option], names: list[str] | None) -> None:
    """The judging words of each sentence after the options (from `start`: a review) whose
    subject is one option, called by label, ordinal or name ("Option B is too slow.",
    "Thinking it over: Postgres is solid."), as that option's. A sentence naming another
    option too (a comparison, read by `judge_relative`), one whose subject is no option ("The
    strongest is a random forest variant"), or one that commits or answers judges nothing
    here; judgements after the choice are dropped later (`without_hindsight`)."""
    for m in SENTENCE.finditer(text, start):
        said = m.group()
        if lx.COMMIT.search(said) or lx.ANSWER_LINE.match(said) or RANDOM_PICK.search(said):
            continue
        subject = _subject(said, options, names)
        if subject is None:
            continue
        i, label = options.index(subject), subject.attrs.get("label")
        if names is not None and mentioned(said, 0, len(said), names) - {i}:
            continue
        if any(r.group("label").lower() != label for r in lx.LABEL_REF.finditer(said)):
            continue
        subject.judgements += [Judgement(v, (a, b), p) for v, a, b, p in
                               lx.judgements_in(text, m.start(), m.end())]


_LEAD = re.compile(r"[ \t*_>-]*(?:[^:\n]{1,40}:[ \t*_]*)?")
"""What may come before a review sentence's subject: markup and a lead-in ("Thinking it
over:")."""
_PREDICATE = re.compile(r"(?:[ \t*_]*(?:[:,(\u2013\u2014]|[ \t]-[ \t])|[ \t]+(?:is|was|looks|seems"
                        r"|would|will|could|has|feels|sounds|comes|gets|remains|stays|costs|takes"
                        r"|needs|isn't|wasn't|won't|can't|doesn't)\b)", re.IGNORECASE)
"""What follows the subject of a sentence that judges it."""


def _subject(said: str, options: list[Option], names: list[str] | None) -> Option | None:
    """The option a sentence is about: its label, ordinal or name opens the sentence (after a
    lead-in) and a verb or a colon follows it."""
    lead_in = _LEAD.match(said)
    for skip in (0, 0 if lead_in is None else lead_in.end()):
        body = said[skip:].lstrip(" \t*_")
        low = body.lower()
        if (r := lx.LABEL_REF.match(body)) is not None and _PREDICATE.match(body, r.end()):
            return _resolve(r.group("label").lower(), options)
        if (r := lx.ORDINAL_REF.match(body)) is not None and _PREDICATE.match(body, r.end()):
            return _resolve("#" + r.group("ord").lower(), options)
        if (r := _BARE_SUBJECT.match(body)) is not None:
            return _resolve(r.group("label").lower(), options)
        article = _ARTICLE_LEAD.match(low)
        lead = 0 if article is None else article.end()
        for i, name in enumerate(names or []):
            if low.startswith(name, lead) and _PREDICATE.match(body, lead + len(name)):
                return options[i]
    return None


_BARE_SUBJECT = re.compile(
    r"[ \t\n*_>-]*(?:(?i:hmm+|ok(?:ay)?|so|now|right|well|next|then)[,.\u2026]*[ \t]+)?"
    r"\(?(?P<label>(?-i:[A-Z])|\d{1,2})\)?(?:[ \t]*(?:[:\u2013\u2014\u2026]|\.\.\.)|[ \t]+-[ \t])")
"""A bare label opening a review sentence, perhaps after "Hmm,": "A: adds a claim", "(B) -
drops Leeds", "Hmm, C... misses the date". It names an option only where the options are
labelled so."""


_ARTICLE_LEAD = re.compile(r"(?:(?:the|an?)[ \t]+)?")


_NAME = re.compile(r"[ \t]*(?P<name>[^\n:;|\u2013\u2014]{1,60}?)[ \t.]*(?:$|[:;|\u2013\u2014]"
                   r"|[ \t]-[ \t]|(?<=\.)[ \t]|(?=[✓✔✅✗✘❌👍👎🟢🟡🔴⚠]))", re.MULTILINE)


_PAREN_NAME = re.compile(lx.PAREN_NAME)


def _names(text: str, heads: list[tuple[int, int, str]]) -> list[str] | None:
    """What follows each label in parentheses ("Plan A (CircleCI) would work") or up to a colon,
    a dash, a full stop or the line's end ("1. **MongoDB** — …" is named "mongodb"), so a
    choice may name an option instead of its label; None unless every option has a name of at
    most six words and no two share one."""
    names = []
    for _, head_end, _ in heads:
        m = _PAREN_NAME.match(text, head_end) or _NAME.match(text, head_end)
        name = "" if m is None else name_of(m.group("name"))
        if not name or len(name.split()) > 6:
            return None
        names.append(name)
    return names if len(set(names)) == len(names) else None


def _stated_scores(text: str, options: list[Option], goal: int | None) -> None:
    """What a table states of each row, in a "Score" column as a bare number
    (`ratings.score_column`) or in Pros and Cons columns (`pros_cons.table_columns`), the
    total each option states (`ratings.stated_totals`), its measurement where the text says
    which way is better (`measured.measured`), and a table's column of a metric whose name
    says which way (`ratings.metric_column`, "Cost / million"; `ratings.csv_metric_column`,
    "alpha,rmse,fit_ms"): each is the option's rating,
    over its words, unless the option states a rating of its own (or an earlier reading gave
    one). Where no option is judged at all, each option's last quantity by the goal the text
    sets, or else the prompt's `goal` (`measured.by_goal`)."""
    spans = [o.span for o in options]
    readings: list[Callable[[str, list[tuple[int, int]]], list[Judgement | None]]]
    readings = [stated_totals, measured, csv_metric_column]
    if all(text[a:b].lstrip(" \t").startswith("|") for a, b in spans):
        readings = [score_column, table_columns, stated_totals, measured, metric_column]
    for read in readings:
        for o, j in zip(options, read(text, spans), strict=True):
            if j is not None and not any(scaled(x) for x in o.judgements):
                o.judgements = [j]
    if not any(o.judgements for o in options):
        for o, j in zip(options, by_goal(text, spans, goal), strict=True):
            o.judgements = [] if j is None else [j]


def _resolve(ref: str, options: list[Option]) -> Option | None:
    if ref.startswith("#"):
        word = ref[1:]
        i = len(options) if word == "last" else lx.ORDINALS[word]
        return options[i - 1] if 0 < i <= len(options) else None
    return next((o for o in options if o.attrs.get("label") == ref), None)
