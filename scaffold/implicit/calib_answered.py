"""Labelled free-text records that carry their answer (`import reasoning`'s `answer`): options
priced, timed or judged in words, one a paragraph, a line or a sentence, with no words that
choose; the record's answer is the pick. Search takes the best; the twins take one at random,
or name their pick before any option is judged (and then it is the best)."""

from __future__ import annotations

import random

from scaffold.implicit.calib_numbers import Sample

ITEMS = {
    "plan": ["Flex 15", "Smart 8", "Lite 3", "Max 40", "Go 10", "Unlimited"],
    "flat": ["Quayside", "Mill Lane", "Elm Grove", "Brook Street", "Canal Wharf"],
    "route": ["the ring road", "the coast road", "the M6", "the back lanes", "the A34"],
    "library": ["orjson", "ujson", "msgspec", "simplejson", "rapidjson"],
}
GOALS = {
    "money": ["The user wants the cheapest {kind}.", "Looking for the cheapest {kind} overall.",
              "Lowest total cost wins."],
    "minutes": ["Fastest {kind} wins.", "I want the quickest {kind}.",
                "Shortest time is what matters."],
    "words": ["Comparing the {kind}s.", "Which {kind} is right here?"],
}
GOOD = ["rock solid", "excellent", "the clear winner on paper", "great value"]
BAD = ["a non-starter", "too slow", "unreliable", "a bad fit"]
OPENERS = ["Starting with {n}: ", "Now {n}. ", "Then {n}: ", "What about {n}? ", "{n} - "]
CLOSINGS = ["", "", "Ordering {n} tonight.", "Emailing the agent about {n}.", "So: {n}."]


def _unit(rng: random.Random, name: str, metric: str, value: int, good: bool) -> str:
    opener = rng.choice(OPENERS).format(n=name)
    if metric == "money":
        base = rng.randint(1, value - 1)
        return (f"{opener}£{base} base plus £{value - base} extras, "
                f"so £{base} + £{value - base} = £{value} a month.")
    if metric == "minutes":
        return f"{opener}about {value} min door to door."
    return f"{opener}{rng.choice(GOOD if good else BAD)}."


def answered_text(rng: random.Random, *, follow: bool, before: bool = False) -> Sample:
    """Options and an answer (module docstring): the best (`follow`), else one at random;
    `before` names the pick in the text's first line, before any option."""
    kind = rng.choice(list(ITEMS))
    k = rng.randint(2, min(5, len(ITEMS[kind])))
    names = rng.sample(ITEMS[kind], k)
    metric = rng.choice(list(GOALS))
    values = rng.sample(range(20, 200), k)
    best = values.index(min(values))
    goods = [i == best or rng.random() < 0.3 for i in range(k)]
    if metric == "words":  # a word judgement each, at least one good and one bad
        goods[best], goods[(best + 1) % k] = True, False
        best = rng.choice([i for i in range(k) if goods[i]])
    pick = best if follow or before else rng.randrange(k)
    lines = [rng.choice(GOALS[metric]).format(kind=kind)]
    if before:
        lines.insert(0, f"{names[pick]} is already booked; the others, for the record.")
    lines += [_unit(rng, n, metric, v, g) for n, v, g in zip(names, values, goods, strict=True)]
    closing = rng.choice(CLOSINGS).format(n=names[pick])
    if closing or pick == k - 1:
        lines.append(closing or f"{names[pick]}, then.")
    sep = rng.choice(["\n\n", "\n", " "])
    return Sample("prompt", "", sep.join(lines), answer=names[pick])
