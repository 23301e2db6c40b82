"""Critique-and-revise scratchpads for the calibration: drafts under varied heads, a critique
line after each (or none), and a final answer that repeats the draft the critiques favour or
a draft picked at random."""

from __future__ import annotations

import random

from scaffold.implicit.calib_numbers import Sample
from scaffold.implicit.calib_prose import TOPICS, final_pick, until_good

HEADS = [["Draft {n}:"], ["Version {n}:"], ["v{n}:"], ["Take {n}:"], ["Try {n}:"],
         ["First pass:", "Second pass:", "Third pass:", "Fourth pass:"],
         ["Attempt:", "Revised:"], ["First draft:", "Rewrite:"], ["Attempt:", "Better:"]]
"""Head styles: numbered, ordinal, or a first head then one repeated for each revision."""
PRAISE = ["Reads well.", "This one works.", "Clear and correct - done.", "That's it.",
          "Good, this one is fine.", "Solid.", "Yes, that does the job."]
CRITIQUE = ["Too wordy.", "Flaw: too vague.", "Problem: it misses the point.",
            "Hmm, the tone is off.", "Issue: it doesn't answer the question.",
            "Weak opening.", "Not quite right.", "Wait, that's ambiguous."]
FINALS = ['Final: "{d}"', "Final version: {d}", 'So the answer is "{d}".', "Answer: {d}",
          'I\'ll go with "{d}".']


def _head(style: list[str], i: int) -> str:
    return style[min(i, len(style) - 1)].format(n=i + 1)


def revise_text(rng: random.Random, *, judged: bool, follow: bool) -> Sample:
    """Drafts revised in turn. Judged and followed (search): each draft is critiqued, the text
    revises until one is judged good (or its budget ends) and answers the best-judged one.
    Otherwise the drafts carry no critique or the answer ignores it."""
    topic = rng.choice(list(TOPICS))
    drafts, good = until_good(rng, rng.sample(TOPICS[topic], rng.randint(2, 4)), 0.4, follow)
    k = len(drafts)
    style = rng.choice(HEADS)
    lines = [rng.choice([f"Task: {topic}", topic, f"Let me draft this: {topic}"])]
    for i, d in enumerate(drafts):
        lines.append(f"{_head(style, i)} " + rng.choice(['"{d}"', "{d}", "{d}."]).format(d=d))
        if judged:
            lines.append(rng.choice(PRAISE if good[i] else CRITIQUE))
    pick = final_pick(rng, good, follow)
    if pick != k - 1 and rng.random() < 0.5:
        lines.append(rng.choice(["Going back to the earlier one.", "Reverting to that one."]))
    lines.append(rng.choice(FINALS).format(d=drafts[pick]))
    return Sample("prompt", topic, "\n".join(lines))
