"""Options no reader names, found from the record's answer: the units of the text (its
lines, or else its paragraphs, or else its sentences: the first level that gives a decision)
that judge something, one option each, and the one that names the answer is the choice.

The last resort of free text, for a record that carries its answer (`answered`): the other
readers need a form (labels, bullets, "Name: …" lines) to know where an option starts; here
the only form is that each judging unit is about one thing. A unit judges in words
(`lexicon.judgements_in`) or by a quantity: where the answer's unit states an amount of money
or a measurement ("Total £26 + £30 = £56", "p50: 19.2ms") and the text says which way is
better (`objective`: "the cheapest plan", "fastest wins", "lower is better", "Lowest total of
the lot"), or else the task's prompt does ("Cheapest way per person?"), each unit's last
quantity of that kind is placed between the worst (0) and the best (1) of them. The goal is
read up to where the text commits, or where it never names the answer again, short of its last
unit: words said because of the pick ("so X comes out lowest") would set a direction only when
the pick is the extreme, and keep only the decisions it wins.

Read conservatively, because a unit that names the answer is the only thing tying the answer
to an option:

- the text's first unit (of three or more) states the task, units that state a commitment or
  an answer ("I'll play Ne4", "Final answer: …") are the choice's words, and a unit whose
  quantity is the one the option before it ended on says that option again ("Hmm, £56.
  Okay."): none of them is an option;
- the first unit that names the answer is the chosen option, the first mention after it is
  where the text commits, and the answer must not be named before the first option (a pick
  written before its options are judged is not chosen by them);
- if no option starts on a line after the answer's unit, the text must name the answer again
  after it: a last unit that alone names the answer may be the choice said with praise
  ("Ne4, best move.");
- no choice in a text that says its pick was random.

The choice's span is the first mention after the answer's unit, or the mention in the unit if
there is none (`ANSWER_ONLY`); units from that mention on are no options, and judgements after
it are dropped as for any stated choice."""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.answered import ANSWER_NAMED, mentions
from scaffold.implicit.measured import by_name, direction, objective, placed, quantities
from scaffold.implicit.model import ANSWER_ONLY, Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.stated_choice import RANDOM_PICK

Span = tuple[int, int]
_PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_SENTENCE = re.compile(r"[^.!?\n]*[^.!?\s][^.!?\n]*(?:[.!?]+|$)")
MIN_UNITS = 3


def _unit_levels(text: str) -> list[list[Span]]:
    """The text's non-blank lines and its paragraphs, each level with at least `MIN_UNITS`
    units and not the same as the one before, then its sentences."""
    levels: list[list[Span]] = []
    for pattern in (_LINE, _PARAGRAPH, _SENTENCE):
        units = [m.span() for m in pattern.finditer(text)]
        if (len(units) >= MIN_UNITS or pattern is _SENTENCE) and units not in levels:
            levels.append(units)
    return levels


def _chooses(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] states a commitment or an answer."""
    return (lx.COMMIT.search(text, start, end) is not None
            or bool(lx.answer_lines(text, start, end)))


def _measures(text: str, units: list[Span], answer_unit: Span, goal_end: int,
              goal: int | None) -> list[Judgement | None]:
    """Each unit's last quantity of the kind the answer's unit states last (where it states
    none, and the text says in words which way is better, its last bare decimal: `_DECIMAL`),
    placed (module docstring). The way is the goal text[:goal_end] sets in words ("cheapest",
    "lower is better"), else the value it compares, named outside the units that state one
    ("comparing expected net recovery": the costs an option lists are no goal), else the
    prompt's `goal`. Without any, each unit's last value of the metric the answer's unit names
    last, where its name says which way is better (`measured.by_name`: "Execution Time: 0.189
    ms"). All None with fewer than two such values."""
    none: list[Judgement | None] = [None] * len(units)
    own = quantities(text, *answer_unit)
    hits: list[re.Match[str] | None] = []
    if own:
        kind = own[-1][0]
        hits = [next((m for k, m in reversed(quantities(text, *u)) if k == kind), None)
                for u in units]
    elif direction(text[:goal_end]) is not None:
        hits = [_last_decimal(text, *u) for u in units]
        hits = hits if hits[units.index(answer_unit)] is not None else []
    way = objective(text, goal_end, values=False)
    if way is None:
        said = text[:goal_end]
        for (a, b), m in zip(units, hits or [None] * len(units), strict=True):
            if m is not None and b <= goal_end:
                said = said[:a] + " " * (b - a) + said[b:]
        way = objective(said)
    way = goal if way is None else way
    if way is None:
        return by_name(text, units, units.index(answer_unit)) or none
    if sum(m is not None for m in hits) < 2:
        return none
    return placed(hits, way)


_DECIMAL = re.compile(r"(?<![\w.,:/-])(?P<num>\d+\.\d+)(?![\w%:/]|[.,]\d)")
"""A bare decimal ("0.12059"): a unit's measurement only where the text says in so many words
which way is better ("RMSLE is an error, so lower is better"), and the answer's unit states
one."""


def _last_decimal(text: str, start: int, end: int) -> re.Match[str] | None:
    return next(reversed(list(_DECIMAL.finditer(text, start, end))), None)


_AMOUNT = re.compile(r"[£$€]?[ \t]*[-+]?\d[\d,]*(?:\.\d+)?[ \t]*[^\s\d]{0,6}")
"""An answer that is an amount ("£675.00", "93.3 km", "16790.94"): what the text works out, not
the name of an option."""


def extract_answer_lines(text: str, answer: str | None, goal: int | None = None
                         ) -> list[DerivedDecision]:
    """At most one decision (module docstring): read by lines, else by paragraphs, else by
    sentences; none if no level gives one, or where the answer is an amount (`_AMOUNT`).
    `goal` is the way the task's prompt says is better (`measured.prompt_goal`), for a text
    that states none."""
    if not answer or RANDOM_PICK.search(text) or _AMOUNT.fullmatch(answer.strip()):
        return []
    named = mentions(text, answer)
    if not named:
        return []
    for units in _unit_levels(text):
        if found := _read(text, units, named, goal):
            return found
    return []


def _read(text: str, units: list[Span], named: list[Span], goal: int | None
          ) -> list[DerivedDecision]:
    """The decision one level of units gives (module docstring), or none."""
    if len(units) < 2:
        return []
    units = [u for u in units[1 if len(units) >= MIN_UNITS else 0:]
             if not _chooses(text, *u)]
    own = next((u for u in units if any(u[0] <= a and b <= u[1] for a, b in named)), None)
    if own is None:
        return []
    later = [m for m in named if m[0] >= own[1]]
    if later:  # from the choice on, no unit is an option
        units = [u for u in units if u[1] <= later[0][0]]
    # the goal is read up to the commitment, or, where there is none, short of the last unit
    # (a closing that does not name the pick may still be said because of it)
    goal_end = later[0][0] if later else units[-2][1] if len(units) > 1 else own[0]
    measures = _measures(text, units, own, goal_end, goal)
    options: list[Option] = []
    chosen = None
    for u, measure in zip(units, measures, strict=True):
        if measure is not None and u != own and options and measure.phrase in (
                j.phrase for j in options[-1].judgements):
            continue  # "Hmm, £56. Okay.": the option before, said again
        judged = [Judgement(v, (s, e), p) for v, s, e, p in lx.judgements_in(text, *u)]
        if measure is not None:
            judged.append(measure)
        if judged:
            options.append(Option(f"o{len(options) + 1}", u, "judged unit", judged))
            chosen = options[-1] if u == own else chosen
    if len(options) < 2 or chosen is None or named[0][0] < options[0].span[0]:
        return []
    line_end = text.find("\n", chosen.span[1])
    if not later and (line_end < 0 or options[-1].span[0] < line_end):
        return []  # nothing after the answer's line: it may be the choice said with praise
    said = [m for m in named if m[0] >= chosen.span[0]]
    choice = Choice(chosen.id, later[0], ANSWER_NAMED) if later else Choice(
        chosen.id, said[0], ANSWER_ONLY)
    return [DerivedDecision("judged units", options, choice)]
