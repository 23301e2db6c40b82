"""Forms the sixth blind probe wrote that gave its searches no decision or no judgement: options
rated in parentheses in prose ("As for Lisbon (score 8): …"), labelled plans named in
parentheses with no colon ("Plan B (GitHub Actions) covers everything"), and attempts judged by a
measurement whose better direction the text states ("p95 latency, lower wins. … Result: 210
ms")."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.bullets import name_of
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.measured import direction, measured

PROSE = text_task("prompt", None)
NAMES = ["Lisbon", "the Dolomites", "Copenhagen", "a beach house in Crete", "Edinburgh"]
LEADS = ["", "As for ", "And ", "Then ", "Next up, ", "Starting with ", "First there's "]
FORMS = ["({n} out of 10)", "(score {n})", "({n}/10)", "(I'd say {n})", "(rated {n})"]
SAYS = [": fits the calendar.", " - mixed reviews, plus expensive.", ", because it's cheap."]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=2, max_size=5),
       st.lists(st.sampled_from(LEADS), min_size=5, max_size=5),
       st.sampled_from(FORMS), st.lists(st.sampled_from(SAYS), min_size=5, max_size=5),
       st.integers(0, 4))
def test_options_rated_in_parentheses_in_prose(scores: list[int], leads: list[str], form: str,
                                               says: list[str], pick: int) -> None:
    pick %= len(scores)
    sentences = [f"{leads[i]}{NAMES[i]} {form.format(n=n)}{says[i]}"
                 for i, n in enumerate(scores)]
    text = ("Where to take the family this spring? " + " ".join(s[0].upper() + s[1:]
                                                              for s in sentences)
            + f"\n\nI'm picking {NAMES[pick]}.")
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == [name_of(n) for n in NAMES[:len(scores)]]
    if form.startswith("(I'd"):  # no scale stated: the smallest usual one that holds them all
        scale = 5 if max(scores) <= 5 else 10
        want = [n / scale for n in scores]
    else:
        want = [n / 10 for n in scores]
    assert [[j.value for j in o.judgements] for o in d.options] == [[w] for w in want], text
    assert d.choice is not None and d.choice.option == d.options[pick].id


def test_a_lone_rated_sentence_or_a_parenthesis_that_is_no_rating_makes_no_options() -> None:
    one = "Lisbon (score 8): fits the calendar. The Dolomites are far.\nI'm picking Lisbon."
    assert extract_text(one, PROSE) == []
    days = "Lisbon (3 days): cheap. Copenhagen (4 days): pricey.\nI'm picking Lisbon."
    assert extract_text(days, PROSE) == []


def test_plans_named_in_parentheses_with_no_colon_are_options() -> None:
    text = ("Notes on which used car to buy. Plan A (the 2017 Corolla) could work with some "
            "overtime. Plan B (the 2018 Mazda3) falls over on the legal requirement. Plan C "
            "(the Leaf) covers everything with room to spare. Plan C then - the Leaf.")
    [d] = extract_text(text, PROSE)
    assert [[(j.value, j.phrase) for j in o.judgements] for o in d.options] == [
        [(0.5, "could work")], [(0.0, "falls over")], [(1.0, "covers everything")]]
    assert d.choice is not None and d.choice.option == "o3"
    assert not text[d.options[2].span[0]:d.options[2].span[1]].endswith("then - the Leaf.")


def test_a_measurement_judges_attempts_in_the_stated_direction() -> None:
    lower = ("Metric is p95 latency (lower wins).\n\nApproach #1: move search to OpenSearch.\n"
             "Result - 640 ms p95 latency\n\nApproach #2: precompute results nightly.\n"
             "Result: p95 latency 210 ms\n\nApproach #3: cache hot queries.\nResult: 480 ms\n\n"
             "Merging #2: precompute results nightly.")
    [d] = extract_text(lower, PROSE)
    assert [[(round(j.value, 3), j.phrase) for j in o.judgements] for o in d.options] == [
        [(0.0, "640 ms")], [(1.0, "210 ms")], [(0.372, "480 ms")]]
    assert d.choice is not None and d.choice.option == "o2"
    higher = lower.replace("lower wins", "higher wins")
    [d] = extract_text(higher, PROSE)
    assert [round(o.judgements[0].value, 3) for o in d.options] == [1.0, 0.0, 0.628]


def _options(text: str) -> list[tuple[int, int]]:
    """The spans of the lines after the first."""
    first = text.index("\n") + 1
    spans, at = [], first
    for line in text[first:].split("\n"):
        spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def test_a_measurement_needs_one_stated_direction_and_one_shared_unit() -> None:
    text = "Build time matters a lot.\nA: done in 145 s\nB: done in 380 s"
    assert measured(text, _options(text)) == [None, None]  # no direction
    both = text.replace("matters a lot", "lower is better, higher wins")
    assert direction(both) is None and measured(both, _options(both)) == [None, None]
    units = "Lower is better.\nA: done in 145 s\nB: done in 380 ms"
    assert measured(units, _options(units)) == [None, None]  # no unit shared
    named = "Recall at 1% FPR, higher is better.\nA: recall 1% FPR 83%\nB: 1% FPR 71%"
    assert [j and (j.value, j.phrase) for j in measured(named, _options(named))] == [
        (1.0, "83%"), (0.0, "71%")]


MATRIX_NAMES = ["Aiko", "Marcus", "SQLite on the edge", "the 2019 Golf", "Tomasz"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(5, 75), min_size=2, max_size=5), st.integers(0, 4),
       st.sampled_from(["**Weighted total**", "Total", "Score", "Weighted sum"]))
def test_a_decision_matrix_rates_its_columns_by_their_totals(totals: list[int], pick: int,
                                                             label: str) -> None:
    pick %= len(totals)
    names = MATRIX_NAMES[:len(totals)]
    rows = ["| Criterion (weight) | " + " | ".join(names) + " |",
            "|---|" + "---|" * len(names),
            "| Speed (x5) | " + " | ".join("3" for _ in names) + " |",
            f"| {label} | " + " | ".join(f"**{t}**" for t in totals) + " |"]
    text = ("Which one? Scored each 1-5 and multiplied by the weight:\n\n" + "\n".join(rows)
            + f"\n\nGoing with {names[pick]}.")
    [d] = extract_text(text, PROSE)
    scale = next(s for s in (5, 10, 20, 50, 100) if max(totals) <= s)
    assert [text[o.span[0]:o.span[1]] for o in d.options] == names
    assert [[(j.value, j.phrase) for j in o.judgements] for o in d.options] == [
        [(t / scale, str(t))] for t in totals]
    assert d.choice is not None and d.choice.option == d.options[pick].id
    lower = text.replace("Which one?", "Lower is better.")
    assert all(d.at != "decision matrix" for d in extract_text(lower, PROSE))
