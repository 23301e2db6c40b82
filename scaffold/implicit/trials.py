"""Values of one unknown tried in turn, each line judged ("n = 4: 64 - 4 = 60, too small." /
"n = 9: 729 - 9 = 720, bang on."), then the value the text settles on ("So n = 9.").

Read conservatively: two to twelve lines that each open with the same one-letter unknown set to
a number ("n = 4:", "Try x = 3,", "If k = 2 ->") and say something after it, with distinct
values; each line is an option judged by its own words; the choice is a line after the last
trial that gives the unknown a tried value and nothing else ("So n = 9.", "Answer: n = 9",
"n = 9."), where no judgement follows it.
"""

from __future__ import annotations

import re

from scaffold.implicit import lexicon as lx
from scaffold.implicit.model import Choice, DerivedDecision, Judgement, Option

_VALUE = r"(?P<var>[a-zA-Z])[ \t]*=[ \t]*(?P<val>-?\d+(?:\.\d+)?)"
_TRIAL = re.compile(
    r"^[ \t>*_-]*(?:(?:try(?:ing)?|if|for|with|test(?:ing)?|check(?:ing)?|guess)[ \t]+)?"
    + _VALUE + r"[ \t]*(?::|,|->|\u2192|=>|gives\b)[^\n]*\S", re.IGNORECASE | re.MULTILINE)
_SETTLED = re.compile(
    r"^[ \t>*_-]*(?:(?:so|thus|hence|therefore|answer|final answer|solution|it'?s)\b[ \t,:*_]*)?"
    + _VALUE + r"[ \t.!*_]*$", re.IGNORECASE | re.MULTILINE)
_MAX_TRIALS = 12


def extract_trials(text: str) -> list[DerivedDecision]:
    """At most one decision: the tried values of the unknown most lines try, and the one the
    text settles on."""
    trials = list(_TRIAL.finditer(text))
    if len(trials) < 2:
        return []
    var = max({m.group("var") for m in trials}, key=lambda v: sum(
        m.group("var") == v for m in trials))
    trials = [m for m in trials if m.group("var") == var]
    values = [float(m.group("val")) for m in trials]
    if not 2 <= len(trials) <= _MAX_TRIALS or len(set(values)) != len(values):
        return []
    options = [Option(f"o{i + 1}", m.span(), "value tried",
                      [Judgement(v, (s, e), p)
                       for v, s, e, p in lx.judgements_in(text, m.end("val"), m.end())],
                      attrs={"label": f"{var} = {m.group('val')}"})
               for i, m in enumerate(trials)]
    choice = None
    for m in _SETTLED.finditer(text, trials[-1].end()):
        if (m.group("var") == var and float(m.group("val")) in values
                and not lx.judgements_in(text, m.end())):
            found = options[values.index(float(m.group("val")))]
            choice = Choice(found.id, m.span(), "the text settles on this value")
    return [DerivedDecision("values tried", options, choice)]
