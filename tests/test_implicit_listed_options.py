"""Options listed in one sentence and judged after it by name (extractor `implicit-9`).

From the fourth blind probe: reasoning models list their options in prose ("Options I can think
of: heapsort, timsort, and radix sort." or "Candidates: (a) a CDN (b) sharding") and judge each
one later in a sentence of its own that names it ("Heapsort gets 6/10 from me.", "Sharding:
A.", "I'd put the train at roughly 80%"). Those texts had no decision at all. Also read now:
bare letter grades after an option's own name, "meets every requirement", "Between X and Y, Y
wins" and "I'd rate X above Y".
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from tests.cli_in_process import pooled_free_text_verdict

PROSE = text_task("prompt", None)
NAMES = ["insertion sort", "heapsort", "radix sort", "timsort", "external merge sort",
         "Postgres", "the night bus", "a CDN", "sharding"]
SAYS = ["{n} gets {r}/10 from me.", "{N}: {r}/10.", "{N} rates maybe {r}/10.",
        "I'd score {n} {r}/10.", "I'd put {n} at roughly {p}%.", "Confidence in {n}? About {p}%.",
        "For {n}, I'm about {p}% confident it holds up."]
"""Ways to rate one option in a sentence of its own ({r} out of 10, or {p} percent)."""


def _text(names: list[str], ratings: list[int], says: list[str], pick: int,
          enumerate_them: bool) -> str:
    listed = (" ".join(f"({'abcdef'[i]}) {n}" for i, n in enumerate(names)) if enumerate_them
              else ", ".join(names[:-1]) + f", and {names[-1]}.")
    lines = [f"Candidates: {listed}"]
    order = sorted(range(len(names)), key=lambda i: says[i])  # judged in any order
    for i in order:
        n = names[i]
        lines.append(says[i].format(n=n, N=n[0].upper() + n[1:], r=ratings[i], p=ratings[i] * 10))
    lines.append(f"So I'll go with {names[pick]}.")
    return "\n\n".join(lines)


def _seen(text: str) -> tuple[list[str], list[list[float]], str | None]:
    [d] = extract_text(text, PROSE)
    labels = [str(o.attrs["label"]) for o in d.options]
    chosen = next((str(o.attrs["label"]) for o in d.options
                   if d.choice and o.id == d.choice.option), None)
    return labels, [[round(j.value, 3) for j in o.judgements] for o in d.options], chosen


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=2, max_size=5, unique=True),
       st.data(), st.booleans())
def test_each_option_gets_exactly_the_rating_said_of_it_by_name(
        names: list[str], data: st.DataObject, enumerate_them: bool) -> None:
    if any(a != b and a.lower().removeprefix("the ").removeprefix("a ") in b.lower()
           for a in names for b in names):
        return  # "sort" inside "heapsort" style overlaps are another test's
    ratings = data.draw(st.lists(st.integers(1, 9), min_size=len(names), max_size=len(names)))
    says = data.draw(st.lists(st.sampled_from(SAYS), min_size=len(names), max_size=len(names)))
    pick = data.draw(st.integers(0, len(names) - 1))
    labels, judged, chosen = _seen(_text(names, ratings, says, pick, enumerate_them))
    want = [n.lower().removeprefix("the ").removeprefix("a ") for n in names]
    assert labels == want
    assert judged == [[r / 10] for r in ratings]
    assert chosen == want[pick]


def test_a_sentence_naming_two_options_or_after_the_choice_judges_neither() -> None:
    text = ("Options I can think of: Postgres, SQLite, and MongoDB. Postgres and SQLite are both "
            "good. MongoDB is bad. I'll use Postgres. Postgres looks great now.")
    _, judged, chosen = _seen(text)
    assert judged == [[], [], [0.0]]
    assert chosen == "postgres"


@pytest.mark.parametrize("text", [
    "One option is Dijkstra: simple, exact, but explores in every direction. Let's go with it.",
    "The options are limited: we wait, or we pay. I'll pay.",
    "Options: Postgres 8/10, SQLite 5/10. I'll go with Postgres.",
])
def test_a_description_or_a_rated_line_is_no_list_of_names(text: str) -> None:
    for d in extract_text(text, PROSE):
        assert d.at != "listed options", text


def test_more_ways_to_judge_an_option_named() -> None:
    text = ("Candidates: (a) a materialized view (b) sharding (c) a read replica\n\n"
            "A materialized view: C+.\n\nSharding: A.\n\nA read replica? C at best.\n\n"
            "So I'll go with sharding.")
    assert _seen(text)[1] == [[0.535], [0.93], [0.465]]
    text = ("Options I can think of: the risotto, the stir-fry, and the tacos. The stir-fry "
            "doesn't work here. The tacos meets every requirement. The risotto is ruled out: "
            "it fails on cost. Let's use the tacos.")
    assert _seen(text)[1:] == ([[0.0, 0.0], [0.0], [1.0]], "tacos")  # "ruled out", "fails"
    text = ("Options I can think of: Priya, Jonas, and Lena. Between Priya and Jonas, Jonas "
            "wins - Priya's speed advantage doesn't make up for it. Net, I'd rate Lena above "
            "Jonas. Decision: Lena.")
    assert _seen(text)[1:] == ([[0.25], [0.75, 0.25], [0.75]], "lena")


def test_a_bare_grade_after_a_labelled_options_own_name() -> None:
    text = ("Option 1: A flight via Paris. A flight via Paris - A-, honestly. Option 2: The "
            "train. I'd give the train a C. Decision: a flight via Paris.")
    [d] = extract_text(text, PROSE)
    assert [[j.phrase for j in o.judgements] for o in d.options] == [
        ["flight via Paris - A-"], ["give the train a C"]]


def _graded_text(rng: random.Random, best: bool) -> str:
    names = rng.sample([*NAMES[:5], "Redis", "DuckDB"], 3)
    grades = rng.sample(["A", "B+", "C", "D"], 3)
    lines = [f"Which way for job {rng.randint(1, 999)}? Options I can think of: "
             f"{names[0]}, {names[1]}, and {names[2]}."]
    lines += [f"{n[0].upper()}{n[1:]}: {g}." for n, g in zip(names, grades, strict=True)]
    pick = min(range(3), key=lambda i: grades[i]) if best else rng.randrange(3)
    lines.append(f"I'll go with {names[pick]}.")
    return "\n".join(lines)


@pytest.mark.parametrize("best", [True, False])
def test_listed_options_pooled_through_the_cli(tmp_path: Path, best: bool) -> None:
    """A process that takes the best-graded option is search; one that picks at random is
    not."""
    rng = random.Random(11)
    verdict = pooled_free_text_verdict(tmp_path, [_graded_text(rng, best) for _ in range(30)])
    assert verdict.startswith("search") == best, verdict


def test_coming_out_ahead_in_a_sentence_of_two_options_compares_those_two() -> None:
    """In a tournament of pairs (extractor `implicit-10`), "overall X comes out ahead" after
    weighing X against Y says X beats Y, not that X is the best of all: read as a verdict
    over every option, it gave X a 1 and left Y unjudged, so the pair's decision had one
    scored option and said nothing (probe 7's `prose_S` was search at 10 of 30 seeds)."""
    text = ("Candidates: (a) heapsort (b) external merge sort (c) timsort\n\n"
            "External merge sort beats heapsort on flexibility but heapsort is better on speed;"
            " overall external merge sort comes out ahead.\n\nLet's use external merge sort.")
    labels, judged, chosen = _seen(text)
    assert labels == ["heapsort", "external merge sort", "timsort"]
    assert judged == [[0.25], [0.75], []]
    assert chosen == "external merge sort"
    alone = "Candidates: (a) heapsort (b) timsort\n\nOverall, timsort comes out ahead.\n\nTimsort."
    assert _seen(alone)[1] == [[], [1.0]], "a verdict naming one option is still a top mark"


def test_an_enumeration_on_one_line_ends_where_the_next_sentence_opens() -> None:
    """A trace written on one line: "(c) an email campaign Between …" has no full stop after
    the last option, which had swallowed the next sentences, so the list was no list."""
    text = ("Which channel? Candidates: (a) a podcast sponsorship (b) influencer posts (c) an "
            "email campaign Comparing influencer posts and a podcast sponsorship: a podcast "
            "sponsorship has the edge on reach. Net, I'd rate influencer posts above a podcast "
            "sponsorship. Decision: influencer posts.")
    labels, judged, chosen = _seen(text)
    assert labels == ["podcast sponsorship", "influencer posts", "email campaign"]
    assert judged == [[0.25], [0.75], []] and chosen == "influencer posts"
