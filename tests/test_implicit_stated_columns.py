"""Ratings stated across a list of options: a rubric's totals ("speed 3, risk 1 -> total 4")
and a table's Pros and Cons columns, judged by the share of items that are pros. Both are
forms the fifth blind probe wrote that gave every option no judgement, so its searches came
out undetermined."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.pros_cons import table_columns
from scaffold.implicit.ratings import stated_totals

PROSE = text_task("prompt", None)
NAMES = ["Cartonex", "BoxCo", "The local print shop", "Uline"]
ARROWS = ["->", "=>", "\u2192", "="]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=3, max_size=4),
       st.lists(st.sampled_from(ARROWS), min_size=4, max_size=4), st.integers(0, 3))
def test_rubric_totals_are_the_options_ratings(scores: list[tuple[int, int]], arrows: list[str],
                                               pick: int) -> None:
    pick %= len(scores)
    lines = ["Which supplier for the shipping boxes?", "Rubric, 1 (bad) to 5 (good) each:"]
    lines += [f"- {NAMES[i]}: speed {a}, risk {b} {arrows[i]} total {a + b}"
              for i, (a, b) in enumerate(scores)]
    lines.append(f"My call is {NAMES[pick]}.")
    text = "\n".join(lines)
    [d] = extract_text(text, PROSE)
    scale = 5 if max(a + b for a, b in scores) <= 5 else 10  # the smallest usual scale
    assert [[(j.value, j.phrase) for j in o.judgements] for o in d.options] == [
        [((a + b) / scale, f"total {a + b}")] for a, b in scores], text
    assert d.choice is not None and d.choice.option == d.options[pick].id


def test_totals_of_a_cost_or_where_lower_is_better_are_not_ratings() -> None:
    costs = "- Uline: risk total 5\n- BoxCo: total 7 hours\n- Cartonex: 3 points in total"
    assert stated_totals(costs, _lines(costs)) == [None] * 3  # one total alone judges nothing
    mixed = "- Uline: risk total 5\n- BoxCo: total 7\n- Cartonex: total 3"
    assert [j and j.value for j in stated_totals(mixed, _lines(mixed))] == [None, 0.7, 0.3]
    golf = "Lower is better here.\n- Uline: total 5\n- BoxCo: total 7"
    assert stated_totals(golf, _lines(golf)[1:]) == [None, None]
    sums = "- Uline: total 12\n- BoxCo: 15 points in total\n- Cartonex: total: 9"
    assert [j and j.value for j in stated_totals(sums, _lines(sums))] == [0.6, 0.75, 0.45]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="total sum overall:=->0123456789.$% points in\n-", max_size=120))
def test_stated_totals_are_on_a_scale_and_inside_their_option(text: str) -> None:
    spans = _lines(text)
    for (a, b), j in zip(spans, stated_totals(text, spans), strict=True):
        if j is not None:
            assert 0.0 <= j.value <= 1.0
            assert a <= j.span[0] < j.span[1] <= b


TABLE = """Need to decide how to migrate the legacy billing cron jobs.

| | Pros | Cons |
|---|---|---|
| **A lift-and-shift to Kubernetes CronJobs** | the team already knows it | flaky; slow |
| **Keeping the box and adding monitoring** | well documented; dependable; quick | none really |
| **Rewriting them as Airflow DAGs** | well documented | slow to deliver; hard to hire for |

Verdict: {pick}."""


def test_a_table_of_pros_and_cons_judges_each_row_by_its_share_of_pros() -> None:
    text = TABLE.format(pick="Keeping the box and adding monitoring")
    [d] = extract_text(text, PROSE)
    assert [[(round(j.value, 2), j.phrase) for j in o.judgements] for o in d.options] == [
        [(0.33, "1 pros, 2 cons")], [(1.0, "3 pros, 0 cons")], [(0.33, "1 pros, 2 cons")]]
    assert d.choice is not None and d.choice.option == "o2"
    pros = d.options[1].judgements[0].span
    assert text[pros[0]:pros[1]].strip() == "well documented; dependable; quick"


def test_a_table_without_both_columns_is_not_read_as_pros_and_cons() -> None:
    text = TABLE.format(pick="Keeping the box").replace("| Cons |", "| Notes |")
    rows = [(m, m + text[m:].index("\n")) for m in
            (text.index("| **A lift"), text.index("| **Keeping"), text.index("| **Rewriting"))]
    assert table_columns(text, rows) == [None, None, None]
    assert table_columns(TABLE, rows[:1]) == [None]  # one row is no comparison
