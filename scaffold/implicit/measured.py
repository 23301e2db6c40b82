"""Options judged by a measurement and the direction the text states for it ("p95 latency,
lower is better. / Attempt 1: … Result: 640 ms / Attempt 2: … Result: 210 ms"): each option's
measured number, placed between the worst (0) and the best (1) of them.

Read conservatively: the text says which way is better once, and only one way ("lower is
better", "higher wins"); at least two options each state a quantity in the one unit they all
share ("ms", "s", "%", "GB/s" …), and the last such quantity in an option is its measurement
(a revised or final figure); an option with none is not judged by it. A quantity said before
the first option is part of the metric's name ("recall at 1% FPR"), not a measurement.
"""

from __future__ import annotations

import re

from scaffold.implicit.model import Judgement

_BETTER = r"(?:\b(?:is|are|means|being)[ \t]+|[ \t]*=[ \t]*)(?:better|best)\b|\bwins\b"
LOWER_BETTER = re.compile(
    rf"\b(?:lower|lowest|fewer|fewest|smaller|smallest|less)\b[^.\n]{{0,30}}?(?:{_BETTER})",
    re.IGNORECASE)
"""Words that say a smaller number is better ("lower is better", "the lowest total wins")."""
HIGHER_BETTER = re.compile(
    rf"\b(?:higher|highest|more|most|bigger|biggest|larger|largest|greater)\b[^.\n]{{0,30}}?"
    rf"(?:{_BETTER})", re.IGNORECASE)
"""Words that say a bigger number is better."""
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)[ \t]*(?P<unit>%|(?:ms|s|sec|secs|seconds"
    r"|min|mins|minutes|h|hours|[kKMG]B(?:/s)?|req/s|rps|qps|fps|tok/s|x)\b)")
"""A number with a unit of measurement."""
_UNITS = {"sec": "s", "secs": "s", "seconds": "s", "mins": "min", "minutes": "min", "hours": "h"}


def _key(m: re.Match[str]) -> tuple[str, str]:
    return m.group("num").replace(",", ""), _UNITS.get(m.group("unit"), m.group("unit"))


def direction(text: str) -> int | None:
    """+1 where the text says higher is better, -1 where it says lower is, None if neither or
    both."""
    lower, higher = LOWER_BETTER.search(text), HIGHER_BETTER.search(text)
    if (lower is None) == (higher is None):
        return None
    return -1 if lower is not None else 1


def measured(text: str, spans: list[tuple[int, int]]) -> list[Judgement | None]:
    """Each option's (its span in `text`) measurement as a judgement; all None unless the text
    states a direction and at least two options state a quantity in their one shared unit."""
    way = direction(text)
    if way is None or len(spans) < 2:
        return [None] * len(spans)
    named = {_key(m) for m in _QUANTITY.finditer(text, 0, spans[0][0])}
    found = [{_key(m)[1]: m for m in _QUANTITY.finditer(text, a, b) if _key(m) not in named}
             for a, b in spans]
    units = set.intersection(*(set(f) for f in found if f)) if any(found) else set()
    if len(units) != 1 or sum(1 for f in found if f) < 2:
        return [None] * len(spans)
    unit = units.pop()
    hits = [f.get(unit) for f in found]
    values = [None if m is None else way * float(m.group("num").replace(",", "")) for m in hits]
    known = [v for v in values if v is not None]
    lo, hi = min(known), max(known)
    return [None if m is None or v is None else
            Judgement(0.5 if hi == lo else (v - lo) / (hi - lo), m.span(), m.group(0))
            for m, v in zip(hits, values, strict=True)]
