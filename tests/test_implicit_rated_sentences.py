"""Options that are sentences each stating one rating, with no label, list or name the reader
can rely on, and the closing sentence that repeats one option's words; and the ways of stating
a rating that the seventh blind probe (scripts/heldout_probe10.py) wrote: "19/40", "30 of 40
points", "gets a C from me", "Grading Loki: C+", "I'd put 45% on …", "four stars"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.ratings import rated

PROSE = text_task("prompt", None)
PEOPLE = ["Wen", "Sofia", "Kenji", "Rafael", "Adaeze"]
FORMS = ["{p} scored {n} out of 40 on the panel interview.",
         "The panel gave {p} {n}/40 - good answers.",
         "{p} came out at {n} of 40 points on the interview rubric."]
CLOSINGS = ["Offer goes to {p}.", "{p} gets the offer.", "Extending the offer to {p}."]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=2, max_size=5),
       st.lists(st.sampled_from(FORMS), min_size=5, max_size=5), st.sampled_from(CLOSINGS),
       st.integers(0, 4), st.booleans())
def test_rated_sentences_and_the_one_the_closing_sentence_names(
        scores: list[int], forms: list[str], closing: str, pick: int, paragraphs: bool) -> None:
    pick %= len(scores)
    sentences = [forms[i].format(p=PEOPLE[i], n=n) for i, n in enumerate(scores)]
    sep = "\n\n" if paragraphs else "\n"
    text = (f"Debrief for the backend role.{sep}" + sep.join(sentences) + sep
            + closing.format(p=PEOPLE[pick]))
    [d] = extract_text(text, PROSE)
    assert d.at == "rated sentences"
    assert [[j.value for j in o.judgements] for o in d.options] == [[n / 40] for n in scores]
    assert d.choice is not None and d.choice.option == d.options[pick].id


def test_no_choice_where_the_closing_sentence_shares_no_words_or_the_pick_is_random() -> None:
    text = ("My guesses:\nMaybe 45% it's a seized immobiliser.\nMaybe 30% it's a flat "
            "battery.\n{}")
    [d] = extract_text(text.format("So: try the spare key."), PROSE)
    assert [o.judgements[0].value for o in d.options] == [0.45, 0.3] and d.choice is None
    [d] = extract_text(text.format("Swapping the battery."), PROSE)
    assert d.choice is not None and d.choice.option == "o2"
    [d] = extract_text(text.format("Picked at random: the battery."), PROSE)
    assert d.choice is None
    one = "Maybe 45% it's a seized immobiliser. Swapping the immobiliser."
    assert extract_text(one, PROSE) == []


def test_a_rating_that_follows_its_name_takes_the_sentence_that_names_it() -> None:
    text = ("Which logging stack? Splunk: it fits the schedule. I'd give it a B-. CloudWatch "
            "gets an A- from me. The ELK stack? A solid two stars.\nI'm settling on Splunk.")
    [d] = extract_text(text, PROSE)
    assert [text[o.span[0]:o.span[1]] for o in d.options] == [
        "Splunk: it fits the schedule. I'd give it a B-.", "CloudWatch gets an A- from me.",
        "The ELK stack? A solid two stars."]
    assert d.choice is not None and d.choice.option == "o1"


@pytest.mark.parametrize(("said", "value"), [
    ("The panel gave Wen 19/40 - struggled", 19 / 40),
    ("Kenji came out at 30 of 40 points", 0.75),
    ("Vercel gets a C from me", 2 / 4.3),
    ("I'd give it a B-.", 2.7 / 4.3),
    ("Grading Grafana Loki: C+, because", 2.3 / 4.3),
    ("If I had to grade the grinder, a B+ - it fits", 3.3 / 4.3),
    ("I'd put 45% on under-kneading.", 0.45),
    ("Maybe 30% it's a flat battery.", 0.3),
    ("A fault on the line? I'd say 10 percent.", 0.1),
    ("The Marriott gets one star from me", 0.2),
    ("A solid four stars, honestly", 0.8),
])
def test_ways_of_stating_a_rating(said: str, value: float) -> None:
    [j] = rated(said, 0, len(said))
    assert j.value == pytest.approx(value)


@pytest.mark.parametrize("said", [
    "It gets a C compiler for free", "I'd put 80% on it failing", "Deploy on 5/20",
    "3 of 4 tests", "I'd give it a go",
])
def test_what_is_no_rating(said: str) -> None:
    assert rated(said, 0, len(said)) == []


@pytest.mark.parametrize(("said", "value"), [("2/5 stars", 0.4), ("2 out of 5 stars", 0.4),
                                             ("three stars", 0.6)])
def test_stars_in_words_are_not_read_inside_a_number_on_a_scale(said: str, value: float) -> None:
    assert [j.value for j in rated(said, 0, len(said))] == [value]
