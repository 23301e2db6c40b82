"""Free-text decisions in the forms reasoning models write them (scripts/heldout_styles.py):
pros/cons tables whose rows are named options, scored lists totalled out of any whole number,
a choice naming an enumerated option by its name, "**Verdict:**" lines, and the judging words
"too complex" and "acceptable"."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

FREE = text_task("prompt", None)

TABLE = """Which database should the analytics service use?

| Option | Pros | Cons | Score |
|---|---|---|---|
| PostgreSQL | mature, the team knows SQL | row store | 6/10 |
| **ClickHouse** | columnar, fast aggregations | another system to run | 9/10 |
| MongoDB | flexible documents | joins are awkward | 3/10 |

**Verdict:** ClickHouse."""


def test_table_rows_named_by_their_first_cell_are_options_judged_by_their_own_cells() -> None:
    [d] = extract_text(TABLE, FREE)
    rows = [TABLE[o.span[0]:o.span[1]] for o in d.options]
    assert [r.split("|")[1].strip(" *") for r in rows] == ["PostgreSQL", "ClickHouse", "MongoDB"]
    assert [o.internal.value if o.internal else None for o in d.options] == [0.6, 0.9, 0.3]
    assert d.choice is not None and d.choice.option == d.options[1].id
    assert TABLE[d.choice.span[0]:].startswith("**Verdict:**")


def test_a_header_row_or_a_table_without_rule_gives_no_table_option() -> None:
    header_only = "| Option | Pros | Cons |\n|---|---|---|\n\nI'll go with Option."
    assert extract_text(header_only, FREE) == []
    # without a rule the lines are no table; each states one rating, so they are rated sentences
    no_rule = "| Redis | fast | 8/10 |\n| SQLite | small | 4/10 |\nI'll go with Redis."
    assert [d.at for d in extract_text(no_rule, FREE)] == ["rated sentences"]


def test_a_table_whose_rows_are_properties_is_no_decision() -> None:
    text = ("| Criterion | Redis | Memcached |\n|:---|---|---|\n| Speed | fast | fast |\n"
            "| Cost | low | low |\n\nI'll go with Redis.")
    assert extract_text(text, FREE) == []


SCORED = """Scoring each option from 1 to 5 on speed, cost and simplicity:

1. **MongoDB** — speed 3, cost 2, simplicity 2 → total **7/15**
2. **DynamoDB** — speed 2, cost 1, simplicity 2 → total **5/15**
3. **ClickHouse** — speed 5, cost 4, simplicity 5 → total **14/15**

**Answer:** ClickHouse"""


def test_a_stated_total_out_of_any_whole_number_is_a_rating_and_a_name_chooses() -> None:
    [d] = extract_text(SCORED, FREE)
    assert [round(o.internal.value, 3) if o.internal else None for o in d.options] == [
        round(7 / 15, 3), round(5 / 15, 3), round(14 / 15, 3)]
    assert d.choice is not None and d.choice.option == d.options[2].id


def test_a_fraction_that_is_no_stated_score_is_no_rating() -> None:
    text = ("1. Redis — half the cost, 1/2 of the memory.\n2. SQLite — 24/7 support.\n"
            "I'll go with option 1.")
    [d] = extract_text(text, FREE)
    assert all(o.internal is None for o in d.options)


def test_a_name_shared_by_two_options_or_too_long_chooses_nothing_by_name() -> None:
    """A name two options share chooses neither; a name too long to be one is no name, and
    the answer that repeats it chooses by the option's words instead."""
    same = "1. **Redis** — fast\n2. **Redis** — slow\n\n**Answer:** Redis"
    [d] = extract_text(same, FREE)
    assert d.choice is None
    long = ("1. we could keep every response in one shared cache: good\n"
            "2. SQLite: bad\n\n**Answer:** we could keep every response in one shared cache")
    [d] = extract_text(long, FREE)
    assert d.choice is not None and d.choice.option == d.options[0].id
    assert d.choice.rule == "the closing line repeats this option's words"


def test_too_complex_is_bad_and_acceptable_is_a_hedge() -> None:
    text = ("Approach 1 — Kubernetes: too complex for what we need.\n"
            "Approach 2 — a VPS: acceptable, with trade-offs.\n"
            "Approach 3 — a PaaS: unacceptable cost.\nI'll go with approach 2.")
    [d] = extract_text(text, FREE)
    # "unacceptable" is not the hedge "acceptable" inside a word: it judges negatively
    assert [o.internal.value if o.internal else None for o in d.options] == [0.0, 0.5, 0.0]
    assert d.options[2].judgements[0].phrase == "unacceptable"


NAMES = ["Redis", "SQLite", "the metro", "a rented bike", "A*", "Bellman-Ford", "flat files"]
CELLS = ["fast", "9/10", "too risky", "works well", "", "okay | 4/10", "cheap | slow"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=2, max_size=5, unique=True),
       st.lists(st.sampled_from(CELLS), min_size=5, max_size=5), st.integers(0, 4),
       st.sampled_from(["**Verdict:**", "I'll go with", "**Answer:**", "Let's pick"]),
       st.booleans(), st.sampled_from(["|---|---|", "| --- | :---: |", "|:--|--:|"]))
def test_any_named_table_gives_its_rows_as_options_and_the_named_choice(
        names: list[str], cells: list[str], pick: int, commit: str, bold: bool,
        rule: str) -> None:
    pick %= len(names)
    rows = [f"| {'**' + n + '**' if bold else n} | {c} |" for n, c in zip(names, cells,
                                                                          strict=False)]
    text = "Which one?\n\n| Option | Notes |\n" + rule + "\n" + "\n".join(rows) + (
        f"\n\n{commit} {names[pick]}.")
    [d] = extract_text(text, FREE)
    assert [text[o.span[0]:o.span[1]] for o in d.options] == rows
    spans = [o.span for o in d.options]
    assert all(a[1] < b[0] for a, b in pairwise(spans))
    for o in d.options:
        assert all(o.span[0] <= j.span[0] < j.span[1] <= o.span[1] for j in o.judgements)
    assert d.choice is not None and d.choice.option == d.options[pick].id
