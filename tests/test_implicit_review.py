"""A review after the options ("Option A: the train. Option B: the taxi. / Thinking it over:
option A is great. Option B is too slow."): each sentence whose subject is one option judges
that option. It was ignored, so options judged only there gave no evidence."""

from __future__ import annotations

import random
from pathlib import Path

from scaffold.implicit.freetext import extract_free_text
from tests.cli_in_process import pooled_free_text_verdict

WAYS = ["the train", "a taxi", "the night bus", "a rideshare", "cycling", "the ferry"]
GOOD = ["great", "the best fit", "solid", "excellent"]
BAD = ["too slow", "a bad fit", "unreliable", "too expensive"]
LEADS = ["Thinking it over:", "Review:", "Looking back at them:", ""]


def _reviewed(rng: random.Random, rule: str) -> str:
    """Three labelled options with no words of their own, a review that judges each (one
    good), and a pick of the good one (`best`) or of any (`random`)."""
    ways = rng.sample(WAYS, 3)
    good = rng.randrange(3)
    heads = "\n".join(f"Option {'ABC'[i]}: {w}." for i, w in enumerate(ways))
    told = [rng.choice(GOOD) if i == good else rng.choice(BAD) for i in range(3)]
    review = " ".join(f"Option {'ABC'[i]} is {t}." for i, t in enumerate(told))
    pick = good if rule == "best" else rng.randrange(3)
    return (f"How should I get to the airport?\n{heads}\n\n{rng.choice(LEADS)} {review}\n"
            f"I pick {'ABC'[pick]}.")


def test_each_review_sentence_judges_the_option_it_is_about() -> None:
    text = ("Which database for the audit log?\nOption 1: Postgres\nOption 2: MongoDB\n"
            "Option 3: Redis\n\nThinking it over: Postgres is solid. Option 2 is unreliable. "
            "The third one is a bad fit. Redis or MongoDB would be great. The best is a Postgres "
            "fork.\nI'll go with option 1.")
    [d] = extract_free_text(text)
    assert [[j.phrase for j in o.judgements] for o in d.options] == [
        ["solid"], ["unreliable"], ["bad"]]  # two options named, or no option the subject
    assert d.choice is not None and d.choice.option == "o1"


def test_options_judged_only_in_a_review_are_search_when_the_best_is_picked(
        tmp_path: Path) -> None:
    rng = random.Random(3)
    best = pooled_free_text_verdict(tmp_path, [_reviewed(rng, "best") for _ in range(30)])
    assert best.startswith("search"), best
    rng = random.Random(4)
    (tmp_path / "random").mkdir()
    verdict = pooled_free_text_verdict(tmp_path / "random",
                                       [_reviewed(rng, "random") for _ in range(30)])
    assert not verdict.startswith("search"), verdict
