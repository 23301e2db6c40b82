"""Options judged by a measurement and the direction the text states for it ("p95 latency,
lower is better. / Attempt 1: … Result: 640 ms / Attempt 2: … Result: 210 ms"), or that its
name implies ("val_loss 0.302", "Execution Time: 812.4 ms", "56% off"): each option's
measured number, placed between the worst (0) and the best (1) of them.

Read conservatively: the text says which way is better once, and only one way ("lower is
better", "higher wins"); at least two options each state a quantity in the one unit they all
share ("ms", "s", "%", "GB/s" …), and the last such quantity in an option is its measurement
(a revised or final figure); an option with none is not judged by it. A quantity said before
the first option is part of the metric's name ("recall at 1% FPR"), not a measurement.

Where the text states no direction, a metric whose name says which way is better (a loss, an
error, a latency or time, a cost or price: lower; accuracy, F1, AUC, BLEU, recall, precision,
throughput, conversion: higher) is read when at least two options state it by the same name
right before a number ("val_loss 0.302", "Execution Time: 812.4 ms", "CR 2.99%") or a rate in
percent after it ("56% off", "3.97% conversion"); an option's last one is its measurement.
Where options state several such metrics, the one named last in the first option is read.
Else a mean with its spread ("0.716 ± 0.016") is read where the text names one metric that
says which way (`text_direction`: "scoring=accuracy", "Metric: AUC").
"""

from __future__ import annotations

import re

from scaffold.implicit.model import Judgement

_BETTER = r"(?:\b(?:is|are|means|being)[ \t]+|[ \t]*=[ \t]*)(?:better|best)\b|\bwins\b"
LOWER_BETTER = re.compile(
    rf"\b(?:lower|lowest|fewer|fewest|smaller|smallest|less|fastest|quickest|shortest|cheapest)"
    rf"\b[^.\n]{{0,30}}?(?:{_BETTER})", re.IGNORECASE)
"""Words that say a smaller number is better ("lower is better", "the lowest total wins",
"fastest wins": options measured in time)."""
HIGHER_BETTER = re.compile(
    rf"\b(?:higher|highest|more|most|bigger|biggest|larger|largest|greater)\b[^.\n]{{0,30}}?"
    rf"(?:{_BETTER})", re.IGNORECASE)
"""Words that say a bigger number is better."""
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)[ \t]*(?P<unit>%|(?:ms|s|sec|secs|seconds"
    r"|min|mins|minutes|h|hours|[kKMG]B(?:/s)?|req/s|rps|qps|fps|tok/s|[lL]/100[ \t]?km"
    r"|x(?![ \t]*[£$€]?\d)|:1)\b)")
"""A number with a unit of measurement ("5.30 L/100km"); "x" is a factor ("3.2x"), not a
product's sign ("2 x 75.0", "0.55 x £72,000"), and ":1" a ratio ("4.97:1")."""
_UNITS = {"sec": "s", "secs": "s", "seconds": "s", "mins": "min", "minutes": "min", "hours": "h",
          "L/100km": "l/100km", "L/100 km": "l/100km", "l/100 km": "l/100km"}


LOWER_NAMES = (r"loss|error|err|errors|latency|time|duration|runtime|elapsed|cost|price|perplexity"
               r"|ppl|rmse|mse|mae|wer|cer|p50|p90|p95|p99|aic|bic")
HIGHER_NAMES = (r"accuracy|acc|f1|auc|auroc|bleu|rouge|recall|precision|throughput|map|ndcg"
                r"|cr|ctr|conversion(?: rate)?|retention|uptime|win rate|hit rate|hit ratio"
                r"|contrast(?: ratio)?")
_NAMED = re.compile(
    rf"(?<![\w.])(?P<name>(?:[a-z]+[ _-])?"
    rf"(?:(?P<lower>{LOWER_NAMES})|(?P<higher>{HIGHER_NAMES})))"
    r"(?:@\d+)?[ \t]*(?:[:=][ \t]*|(?:of|was|is|at)[ \t]+)?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?!\w|[.,]\d)",
    re.IGNORECASE)
"""A metric named right before its value ("val_loss 0.302", "Execution Time: 812.4 ms", "a
validation loss of 0.610"); the group `lower` or `higher` says which way its name implies is
better."""
_OFF = re.compile(r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)[ \t]*%[ \t]*(?P<name>(?P<lower>off|error"
                  r"|out|too high|too low|deviation|away)|(?P<higher>conversion|ctr|retention"
                  r"|uptime|win rate|hit rate|accuracy))\b", re.IGNORECASE)
"""A rate in percent named after its value: an error ("predicts 79.7, measured 51.1 -> 56%
off") or a rate to raise ("3.97% conversion")."""
_SAME_METRIC = {"cr": "conversion", "conversion rate": "conversion"}
"""Names of one metric written two ways ("CR 2.99%", "3.97% conversion")."""


_NOT_QUALIFIERS = frozenset(("so", "then", "thus", "hence", "and", "the", "a", "an", "its",
                             "their", "our", "my", "with", "at", "by", "for", "of", "is", "was",
                             "has", "had", "gives", "got", "get", "gets", "best", "worst"))
"""Words that may stand right before a metric's name without qualifying it ("so F1 = 0.844"
names the F1 of "F1 0.706", as "val F1" would not)."""


def _metric(m: re.Match[str]) -> str:
    name = " ".join(m.group("name").lower().split())
    if (first := name.split(" ", 1))[0] in _NOT_QUALIFIERS and len(first) == 2:
        name = first[1]
    return _SAME_METRIC.get(name, name)


_PER_PERSON = r"[ \t]+(?:person|head|traveller|passenger|adult|guest)\b"
_MONEY = re.compile(r"(?<![\w.])(?P<unit>[£$€]|EUR|USD|GBP)[ \t]?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
                    r"(?![\w.,]?\d|[ \t]?(?:k|m|bn|K|M)\b|[ \t]*(?:/|per\b(?!" + _PER_PERSON + r")"
                    r"|an hour\b))")
"""An amount of money, currency first ("£1,475", "$0.42", "EUR 152"); not "£59k", nor a rate
("£10/h", "$2 per GB"), but a cost per person ("£147 per person"). `quantities` drops a
price of one of several ("£3 each") but not a share worked out ("split 2 ways = £83.93
each")."""
_MONEY_RATE = re.compile(r"(?<![\w.])(?P<cur>[£$€])[ \t]?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)[ \t]*"
                         r"(?:/|per\b(?!" + _PER_PERSON + r"))[ \t]*(?P<per>[a-zA-Z]{1,12})\b")
"""A price per unit ("£4.78/kg", "$2 per GB", "£10/h"): a kind of its own, by currency and unit;
not a cost per person, which is an amount (`_MONEY`)."""
_PER = {"kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg", "hour": "h",
        "hr": "h", "hrs": "h", "litre": "l", "liter": "l", "L": "l", "month": "mo",
        "mth": "mo"}
_EACH = re.compile(r"[ \t]*each\b")
_WORKED_OUT = re.compile(r"=[ \t]*$")
_CURRENCY = {"EUR": "€", "USD": "$", "GBP": "£"}


_COUNTED = re.compile(r"(?<![\w.,£$€])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)[ \t]?"
                      r"(?!(?:at|on|in|of|for|to|and|or|the|is|was|are|were|by|with|from|as"
                      r"|vs|than|after|before|over|under|into|then|but|so|if|it|we|I)\b)"
                      r"(?P<unit>[a-zA-Z]{2,}(?:-[a-zA-Z]+)*)\b")
"""A number and the word it counts ("24 engineer-weeks", "5.2 kg", "8 plants"); not a word
that counts nothing ("0.549 at epoch 27", "0.421 on validation")."""


_SIGN = re.compile(r"[-+\u2212]\d")
"""A signed number ("-13.0% vs control"): a difference from another option, not a level."""


def quantities(text: str, start: int, end: int) -> list[tuple[str, re.Match[str]]]:
    """The amounts of money, the prices per unit, the quantities with a unit and the numbers of
    a counted word in text[start:end], in order, each with its kind (the currency, the price's
    currency and unit, the unit or the word); not a signed one (`_SIGN`)."""
    found = [(_CURRENCY.get(m.group("unit"), m.group("unit")), m)
             for m in _MONEY.finditer(text, start, end)
             if _EACH.match(text, m.end()) is None
             or _WORKED_OUT.search(text, max(0, m.start() - 3), m.start()) is not None]
    found += [(_key(m)[1], m) for m in _QUANTITY.finditer(text, start, end)]
    found += [(f"{m.group('cur')}/{_PER.get(m.group('per'), m.group('per'))}", m)
              for m in _MONEY_RATE.finditer(text, start, end)]
    taken = {m.start("num") for _, m in found}
    found += [(m.group("unit").lower().removesuffix("s"), m)
              for m in _COUNTED.finditer(text, start, end) if m.start("num") not in taken]
    return sorted(((k, m) for k, m in found if not _signed(text, m)), key=lambda f: f[1].start())


def _signed(text: str, m: re.Match[str]) -> bool:
    return m.start() > 0 and _SIGN.match(text, m.start() - 1) is not None


def _key(m: re.Match[str]) -> tuple[str, str]:
    return m.group("num").replace(",", ""), _UNITS.get(m.group("unit"), m.group("unit"))


def direction(text: str) -> int | None:
    """+1 where the text says higher is better, -1 where it says lower is, None if neither or
    both."""
    lower, higher = LOWER_BETTER.search(text), HIGHER_BETTER.search(text)
    if (lower is None) == (higher is None):
        return None
    return -1 if lower is not None else 1


LOWER_GOAL = re.compile(
    r"\b(?:cheapest|lowest|least|fewest|fastest|quickest|shortest|smallest|minimi[sz]e"
    r"|minimum)\b", re.IGNORECASE)
"""Words that set a goal where less is better ("wants the cheapest plan", "least effort")."""
HIGHER_GOAL = re.compile(
    r"\b(?:highest|largest|biggest|greatest|maximi[sz]e|maximum)\b", re.IGNORECASE)
"""Words that set a goal where more is better ("highest yield")."""
LOWER_VALUE = re.compile(
    r"\b(?:(?:total|net|overall|per[ \t-](?:person|head))[ \t]+)?(?:cost|costs|price|fees"
    r"|expense|expenses|spend|(?:error|failure|bounce|churn|crash)[ \t]+rate|aic|bic)\b"
    r"(?![ \t]*(?:is|are)[ \t]+(?:no|not)\b|\(|[=:]?\d|=\S)", re.IGNORECASE)
"""What a text compares where less is better, named as what it works out ("I want the cost
per person for each option", "comparing by AIC"), not as no concern ("cost is no issue") nor
as a field of a log ("cost=0.43..7053.38")."""
HIGHER_VALUE = re.compile(
    r"\b(?:profit|profits|revenue|recovery|savings|income|yield|payoff|expected[ \t]+value"
    r"|(?:open|click|click-through|conversion|response|success|pass|win|hit|retention)"
    r"[ \t]+rate|conversion|bcr|benefit[ \t-]+cost[ \t]+ratio|roi"
    r"|return[ \t]+on[ \t]+investment)\b"
    r"(?!\(|[=:]?\d|=\S)", re.IGNORECASE)
"""What a text compares where more is better ("expected net recovery for each route", "I
need the open rate for each variant", "Metric: checkout conversion", "value for money (BCR)
is the deciding measure")."""


def objective(text: str, end: int | None = None, *, values: bool = True) -> int | None:
    """+1 where text[:end] says more is better, -1 where less is (`direction`, else its
    superlatives, else, with `values`, the kind of value it names first: `LOWER_VALUE`,
    `HIGHER_VALUE`: "ranked on benefit-cost ratio (benefits over costs)"), None if it says
    neither, or both in the same kind of words. Callers end it before the options or
    before the text commits: a superlative there may describe the pick ("X comes out
    lowest"), and a text that states a direction only when its pick is the extreme would
    have only the decisions where the pick is best read."""
    said = text[:end]
    if (way := direction(said)) is not None:
        return way
    lower, higher = LOWER_GOAL.search(said), HIGHER_GOAL.search(said)
    if (lower is None) != (higher is None):
        return -1 if lower is not None else 1
    if lower is not None or not values:
        return None
    lower, higher = LOWER_VALUE.search(said), HIGHER_VALUE.search(said)
    if lower is None or higher is None:
        return None if lower is higher else -1 if lower is not None else 1
    return -1 if lower.start() < higher.start() else 1


def measured(text: str, spans: list[tuple[int, int]]) -> list[Judgement | None]:
    """Each option's (its span in `text`) measurement as a judgement; all None unless at least
    two options state one: a quantity in their one shared unit where the text states a
    direction, else a metric named the same way in each (`_by_name`), else a mean with its
    spread where the text's metric implies the direction (`_by_spread`)."""
    if len(spans) < 2:
        return [None] * len(spans)
    if (way := direction(text)) is None:
        return by_name(text, spans) or _by_spread(text, spans) or [None] * len(spans)
    named = {_key(m) for m in _QUANTITY.finditer(text, 0, spans[0][0])}
    found = [{_key(m)[1]: m for m in _QUANTITY.finditer(text, a, b)
              if _key(m) not in named and not _signed(text, m)}
             for a, b in spans]
    units = set.intersection(*(set(f) for f in found if f)) if any(found) else set()
    if len(units) != 1 or sum(1 for f in found if f) < 2:
        return [None] * len(spans)
    unit = units.pop()
    return placed([f.get(unit) for f in found], way)


def prompt_goal(prompt: str | None) -> int | None:
    """The way the task's prompt says is better, read before the text is written: its goal
    (`objective`: "Cheapest way per person?"), else the one kind of metric it names
    ("We care about F1": +1); None without a prompt or where it says both ways. Not the
    values it names: a prompt names what it asks about ("the rest into savings: how much?"),
    and that is no goal."""
    if not prompt:
        return None
    way = objective(prompt, values=False)
    return way if way is not None else text_direction(prompt)


def by_goal(text: str, spans: list[tuple[int, int]], goal: int | None = None
            ) -> list[Judgement | None]:
    """Each option's last quantity (`quantities`: money too) placed, where the text's goal
    says which way (`objective`: "the cheapest", "least effort"), or else the prompt's
    (`goal`, `prompt_goal`), and every option that states a quantity ends on one of the same
    kind, at least two of them; all None otherwise. Weaker than `measured` (a goal, not a
    metric, and the last quantity, which may be an aside), so read only where no option is
    judged in words."""
    none: list[Judgement | None] = [None] * len(spans)
    if (way := objective(text, spans[0][0])) is None and (way := goal) is None:
        return none
    lasts = [found[-1] if (found := quantities(text, a, b)) else None for a, b in spans]
    kinds = {last[0] for last in lasts if last is not None}
    if len(kinds) != 1 or sum(last is not None for last in lasts) < 2:
        return none
    return placed([None if last is None else last[1] for last in lasts], way)


def placed(hits: list[re.Match[str] | None], way: int) -> list[Judgement | None]:
    """Each measurement (group "num"; None for an option that states none) placed between the
    worst (0) and the best (1), `way` +1 where higher is better and -1 where lower is."""
    values = [None if m is None else way * float(m.group("num").replace(",", "")) for m in hits]
    known = [v for v in values if v is not None]
    lo, hi = min(known), max(known)
    return [None if m is None or v is None else
            Judgement(0.5 if hi == lo else (v - lo) / (hi - lo), m.span(), m.group(0).strip())
            for m, v in zip(hits, values, strict=True)]


def by_name(text: str, spans: list[tuple[int, int]], lead: int = 0
            ) -> list[Judgement | None] | None:
    """`measured` by a metric whose name implies the direction (`_NAMED`, or a rate in
    percent named after it: `_OFF`), if at least two options state it by the same name: the
    one named last in option `lead` (the first, or the chosen one where the options are
    found from it)."""
    found = [{_metric(m): m
              for m in sorted([*_NAMED.finditer(text, a, b), *_OFF.finditer(text, a, b)],
                              key=lambda m: m.start())}
             for a, b in spans]
    if not found[lead]:
        return None
    name = next(reversed(found[lead]))
    hits = [f.get(name) for f in found]
    if sum(1 for m in hits if m is not None) < 2:
        return None
    first = next(m for m in hits if m is not None)
    return placed([None if m is None else _WORKED.match(text, m.end()) or m for m in hits],
                  -1 if first.group("lower") is not None else 1)


_WORKED = re.compile(r"(?:[ \t]*[-+*/\u00d7][ \t]*\(?\d+(?:,\d{3})*(?:\.\d+)?\)?)+[ \t]*=[ \t]*"
                     r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?!\w|[.,]\d)")
"""The rest of a metric's value worked out ("AIC = 6 + 216.6 = 222.6"): its result is the
value."""


_SPREAD = re.compile(
    r"(?<![\w.])(?P<num>\d*\.?\d+)[ \t]*(?:\u00b1|\+/-|\(\+/-|\([ \t]*(?:std|sd|s\.d\.|stdev)"
    r"[ \t]*[:=]?)[ \t]*\d*\.?\d+(?:(?<=\d)\))?", re.IGNORECASE)
"""A mean with its spread: "0.716 ± 0.016", "0.752 (+/- 0.005)", "0.695 (std 0.014)"."""
_METRIC_WORD = re.compile(
    r"(?<![\w.])(?:(?P<lower>loss|rmse|mse|mae|wer|cer|perplexity|ppl|latency)"
    r"|(?P<higher>accuracy|f1|auc|auroc|bleu|rouge|ndcg))(?!\w)", re.IGNORECASE)
"""The names of metrics that say which way is better even where no value follows them ("Metric:
AUC"); words such as "time", "cost" or "recall" say too many other things to count here."""


def _by_spread(text: str, spans: list[tuple[int, int]]) -> list[Judgement | None] | None:
    """`measured` by the last mean with a spread in each option ("0.716 ± 0.016"), if at least
    two options state one and the metric the text names implies the direction."""
    hits = [next(reversed(list(_SPREAD.finditer(text, a, b))), None) for a, b in spans]
    if sum(1 for m in hits if m is not None) < 2 or (way := text_direction(text)) is None:
        return None
    return placed(hits, way)


def text_direction(text: str) -> int | None:
    """`direction`, or else the way the metrics the text names imply (`_METRIC_WORD`: +1 for
    accuracy or AUC, -1 for a loss or RMSE), None if it names both kinds or none."""
    if (way := direction(text)) is not None:
        return way
    kinds = {-1 if m.group("lower") else 1 for m in _METRIC_WORD.finditer(text)}
    return kinds.pop() if len(kinds) == 1 else None


_TOOK = re.compile(r"\b(?:took|takes|ran in|runs in|finished in|finishes in|completed in"
                   r"|completes in)[ \t]+$", re.IGNORECASE)
_TIME_UNITS = frozenset({"ms", "s", "min", "h"})


def durations(text: str, found: list[re.Match[str]]) -> bool:
    """Whether every measurement is a time that a run took ("took 62.8 ms", "finished in 41
    min"): the same job timed, so less is better, as a duration of a wait or a battery's hours
    ("lasts 18 hours") is not."""
    return all("unit" in m.re.groupindex and _key(m)[1] in _TIME_UNITS
               and _TOOK.search(text, max(0, m.start() - 20), m.start()) is not None
               for m in found)


def measurements(text: str, spans: list[tuple[int, int]]
                 ) -> list[tuple[tuple[int, int], re.Match[str]]]:
    """The spans (sentences) that each state one measurement, all of one kind, with it: means
    with their spread ("0.716 ± 0.016") where at least two spans state one, else metrics named
    before their value ("AUC: 0.752"), else quantities in one unit ("240 ms"); a span that
    states several of the kind read is left out."""
    for pattern in (_SPREAD, _NAMED, _QUANTITY):
        hits = [list(pattern.finditer(text, *span)) for span in spans]
        if pattern is _QUANTITY and any(_key(m)[1] != "x" for h in hits for m in h):
            hits = [[m for m in h if _key(m)[1] != "x"] for h in hits]  # "(1.6x the fastest)"
        said = [(span, found[0]) for span, found in zip(spans, hits, strict=True)
                if len(found) == 1]
        if pattern is _QUANTITY and len({_key(m)[1] for _, m in said}) > 1:
            return []
        if len(said) >= 2:
            return said
    return []
