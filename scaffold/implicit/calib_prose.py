"""Labelled free-text scratchpads for the calibration: options under varied labels, stated
ratings or judging words (or none), and a choice that follows them or not."""

from __future__ import annotations

import random

from scaffold.implicit.calib_numbers import Sample

TOPICS = {
    "Plan a weekend in Lisbon on a budget.": [
        "walk the old town and the river front", "take the tram up to the castle",
        "day trip to Sintra by train", "spend the day at the beach in Cascais",
        "visit the tile museum and the market", "stay near the airport and take buses",
        "rent a car for the coast", "book a guided food tour"],
    "Pick a database for a small web app.": [
        "SQLite in a single file", "PostgreSQL on a managed host", "a hosted document store",
        "plain JSON files on disk", "MySQL on the same server", "a key-value store in memory"],
    "Name a coffee shop.": [
        "The Daily Grind", "Bean There", "Second Cup of Sun", "Copper Kettle",
        "Morning Ritual", "The Slow Pour", "Roast & Read"],
    "Speed up a slow test suite.": [
        "run the tests in parallel", "mock the network calls", "cache the fixtures",
        "delete the slowest tests", "move the heavy tests to a nightly job",
        "profile the suite first"],
}
HEADS = ["Option {L}:", "Plan {N}:", "Approach {N}:", "Idea {N}.", "{N}.", "({l})", "{L})",
         "Option {N} -", "Candidate {N}:"]
PRAISE = ["solid choice", "looks good", "great value", "cheap and easy", "strong option",
          "promising"]
BLAME = ["too expensive", "too slow", "risky", "not great", "won't work well", "bad fit"]
NEUTRAL = ["", " It takes an afternoon.", " Needs some setup.", " We did this last year.",
           " Friends suggested it."]


def _head(style: str, i: int) -> str:
    return style.format(L=chr(65 + i), N=i + 1, l=chr(97 + i))


def _ref(style: str, i: int, rng: random.Random) -> str:
    word = style.split("{")[0].strip(" (").lower() or "option"
    label = chr(65 + i) if "{L}" in style or "{l}" in style else str(i + 1)
    ordinal = ["first", "second", "third", "fourth", "fifth"][i]
    return rng.choice([f"{word} {label}", f"option {label}", f"the {ordinal} one"])


def _commit(ref: str, rng: random.Random) -> str:
    return rng.choice([f"I'll go with {ref}.", f"Let's pick {ref}.", f"Going with {ref}.",
                       f"My choice is {ref}.", f"I choose {ref}.", f"Answer: {ref}"])


def _rating(value: int, rng: random.Random) -> str:
    return rng.choice([f" ({value}/10)", f" Score: {value}/10.", f" Rating {value} out of 10.",
                       f" {value}/10."])


def options_text(rng: random.Random, *, judged: bool, follow: bool) -> Sample:
    """Options with ratings (judged) or none; the choice follows the best or is random."""
    topic = rng.choice(list(TOPICS))
    k = rng.randint(2, 4)
    ideas = rng.sample(TOPICS[topic], k)
    style = rng.choice(HEADS)
    values = [rng.randint(2, 9) for _ in ideas]
    words = rng.random() < 0.4
    lines = [rng.choice([topic, f"Task: {topic}", f"{topic} Let me list some options."])]
    for i, idea in enumerate(ideas):
        line = f"{_head(style, i)} {idea.capitalize()}." + rng.choice(NEUTRAL)
        if judged:
            line += (f" {rng.choice(PRAISE if values[i] >= 6 else BLAME).capitalize()}."
                     if words else _rating(values[i], rng))
        lines.append(line)
    if follow:
        top = max(values) if not words else None
        best = [i for i, v in enumerate(values) if (v == top if top is not None else v >= 6)]
        pick = rng.choice(best or list(range(k)))
    else:
        pick = rng.randrange(k)
    lines.append("")
    lines.append(_commit(_ref(style, pick, rng), rng))
    return Sample("prompt", topic, "\n".join(lines))


FIRST = ["I could {x}.", "First thought: {x}.", "Maybe {x}.", "One way: {x}.",
         "My first idea is {x}.", "Start with {x}.", "Consider {x}."]
CUES = ["Alternatively, {x}.", "Let me try another approach: {x}.", "What about {x}?",
        "How about {x}?", "Instead, {x}.", "Scratch that. {x}.", "Wait, what about {x}?",
        "Or maybe {x}.", "A different idea: {x}.", "Let's try {x}.", "Hmm, alternatively {x}.",
        "On second thought, {x}."]
GOOD = ["That works.", "That looks good.", "Seems promising.", "Great value.",
        "That's a strong option.", "Cheap and easy, nice.", "This one works well."]
BAD = ["That doesn't work.", "Too expensive.", "Too slow.", "Not great.", "No good.",
       "That won't work well.", "Bad fit.", "That's a dead end.", "Falls short."]
PLAIN = ["", " It takes an afternoon.", " Needs some setup.", " Friends suggested it.",
         " We did this last year."]
ORDINAL = ["first", "second", "third", "fourth"]


def _restart_commit(pick: int, k: int, idea: str, rng: random.Random) -> str:
    """Words that commit to attempt `pick` of `k`: the answer repeats it, or names it."""
    named = [f"Answer: {idea}", f"Final answer: {idea}.", f"So I'll go with {idea}.",
             f"I'll go with the {ORDINAL[pick]} approach.",
             f"Let's pick the {ORDINAL[pick]} one."]
    if pick == k - 1:
        named += ["Let's go with that.", "I'll go with this one.", "Going with that."]
    return rng.choice(named)


def until_good(rng: random.Random, tries: list[str], share: float, follow: bool
               ) -> tuple[list[str], list[bool]]:
    """Each try judged good with chance `share`; followed (a search), the tries stop at the
    first good one, after two at least."""
    good = [rng.random() < share for _ in tries]
    if follow:
        stop = max(next((i for i, g in enumerate(good) if g), len(tries) - 1) + 1, 2)
        tries, good = tries[:stop], good[:stop]
    return tries, good


def final_pick(rng: random.Random, good: list[bool], follow: bool) -> int:
    """Followed: the last try if it was judged good, else one judged good (any if none);
    otherwise one at random."""
    if not follow:
        return rng.randrange(len(good))
    best = [i for i, g in enumerate(good) if g] or list(range(len(good)))
    return best[-1] if good[-1] else rng.choice(best)


def restart_text(rng: random.Random, *, judged: bool, follow: bool) -> Sample:
    """Attempts separated by restart cues. Judged and followed (search): each attempt is judged,
    a judged failure is followed by a restart, a success ends the search (or the budget of
    attempts does) and the text commits to the best-judged one. Otherwise the attempts carry no
    judgement or the commitment ignores it."""
    topic = rng.choice(list(TOPICS))
    ideas, good = until_good(rng, rng.sample(TOPICS[topic], rng.randint(2, 4)), 0.35, follow)
    k = len(ideas)
    lines = [rng.choice([f"Task: {topic}", f"{topic}\n", f"Question: {topic}", f"{topic} Hmm."])]
    for i, idea in enumerate(ideas):
        line = rng.choice(FIRST if i == 0 else CUES).format(x=idea)
        line += rng.choice(PLAIN)
        if judged:
            line += " " + rng.choice(GOOD if good[i] else BAD)
        lines.append(line)
    pick = final_pick(rng, good, follow)
    lines.append(rng.choice(["", "\n"]) + _restart_commit(pick, k, ideas[pick], rng))
    return Sample("prompt", topic, "\n".join(lines))
