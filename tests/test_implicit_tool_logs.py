"""Options as tools and people log them: YAML-like record items, rows of comma-separated values
under a header, and psql sessions whose EXPLAIN output states each candidate's execution time;
each judged by what its own fields say, and chosen by the record's answer or the text's words.
A log's fields are not goals ("cost=0.43..7053.38"), SQL's SELECT commits to nothing, and an
answer that is an amount names no option."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit import lexicon as lx
from scaffold.implicit.answer_lines import extract_answer_lines
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.measured import objective
from scaffold.implicit.record_items import extract_record_items

PROSE = text_task("prompt", None)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(10, 99), min_size=2, max_size=5, unique=True), st.integers(0, 4),
       st.sampled_from(["rmse", "val_loss", "p95_ms", "accuracy", "f1"]))
def test_a_csv_column_of_a_one_way_metric_rates_its_rows(values: list[int], pick: int,
                                                         metric: str) -> None:
    pick %= len(values)
    rows = [f"{0.05 * (i + 1):.2f},{v / 10:.1f},{i + 3}" for i, v in enumerate(values)]
    text = "\n".join(["# sweep, holdout = last 12 weeks", f"alpha,{metric},n", *rows,
                      f"# using alpha {0.05 * (pick + 1):.2f} in prod config"])
    [d] = extract_text(text, PROSE)
    assert d.choice is not None and d.choice.option == d.options[pick].id
    way = 1 if metric in ("accuracy", "f1") else -1
    best = max(range(len(values)), key=lambda i: way * values[i])
    assert [o.judgements[0].value for o in d.options][best] == 1.0
    assert [o.judgements[0].phrase for o in d.options] == [f"{v / 10:.1f}" for v in values]
    # a column named for nothing one-way ("score2") rates nothing
    [d] = extract_text(text.replace(f",{metric},", ",score2,"), PROSE)
    assert not any(o.judgements for o in d.options)


EXPLAIN = """orders_db=# CREATE INDEX {name} ON orders ({cols});
CREATE INDEX
orders_db=# EXPLAIN (ANALYZE) SELECT id FROM orders WHERE customer_id = 4 LIMIT 50;
 Limit  (cost=0.43..{cost} rows=50 width=28) (actual time=0.03..{ms} rows=50 loops=1)
 Planning Time: 0.{plan} ms
 Execution Time: {ms} ms
(7 rows)

orders_db=# DROP INDEX {name};
"""


def test_each_explain_run_is_judged_by_its_execution_time() -> None:
    runs = [("idx_a", "customer_id", "7053.38", "74.817", "369"),
            ("idx_b", "status, created_at", "1861.16", "0.189", "646"),
            ("idx_c", "customer_id, created_at", "3264.22", "1.659", "781")]
    text = "$ psql -d orders_db\n-- candidate indexes, each dropped after its run\n\n" + "\n".join(
        EXPLAIN.format(name=n, cols=c, cost=cost, ms=ms, plan=p) for n, c, cost, ms, p in runs)
    text += "\norders_db=# CREATE INDEX CONCURRENTLY idx_b ON orders (status);  -- the keeper\n"
    [d] = extract_text(text, PROSE, "idx_b")
    assert d.at == "judged units" and d.choice is not None
    assert [j.phrase for o in d.options for j in o.judgements] == [
        "Execution Time: 74.817", "Execution Time: 0.189"]  # the next mention commits
    assert d.options[1].id == d.choice.option and d.options[1].judgements[0].value == 1.0
    assert objective(text) is None  # "cost=0.43..": a field of the plan, not a goal
    assert not lx.COMMIT.search("EXPLAIN (ANALYZE) SELECT id FROM orders")
    assert lx.COMMIT.search("Selected model: logistic.")


def test_an_answer_that_is_an_amount_names_no_option() -> None:
    text = ("Let me work out each line from the take-home.\nRent: 40% of £2,700 = £1,080.00.\n"
            "Groceries: 15% of £2,700 = £405.00.\nThe rest is 45%: £1,215.00.\n"
            "Check: 45% of £2,700 = £1,215.00. Matches.")
    for answer in ("£1,215.00", "1215.00", "93.3 km"):
        assert extract_answer_lines(text, answer, goal=1) == []
    assert text_task("prompt", None, "and the rest into savings. How much?").goal is None


def test_a_weighted_total_column_scores_its_rows() -> None:
    text = "\n".join(["| venue | parking (x1) | catering (x2) | weighted total |",
                      "|---|---|---|---|", "| Coombe Abbey | 2 | 1 | 4 |",
                      "| Ashdown Orangery | 5 | 4 | 13 |", "| Elm Farm | 1 | 3 | 7 |", "",
                      "Ashdown Orangery comes out highest, so that's the one we're booking."])
    [d] = extract_text(text, PROSE)
    assert d.choice is not None and d.choice.option == "o2"
    assert [o.judgements[0].phrase for o in d.options] == ["4", "13", "7"]


def test_yaml_like_record_items_are_options() -> None:
    text = "\n".join([
        "role: data analyst", "candidates:",
        "  - name: Yuki Tanaka", "    coding: 3", "    avg: 2.00",
        "  - name: Ravi Menon", "    coding: 4", "    avg: 3.33",
        '    notes: "asked good questions"',
        "  - name: Mateo Ruiz", "    coding: 2", "    total: 7  # avg 2.33",
        "decision: offer -> Ravi Menon"])
    [d] = extract_text(text, text_task("prompt", None), "ravi menon")
    assert d.at == "record items" and [o.attrs["label"] for o in d.options] == [
        "yuki tanaka", "ravi menon", "mateo ruiz"]
    assert d.choice is not None and d.choice.option == "o2"
    assert [o.judgements[-1].phrase for o in d.options] == ["avg: 2.00", "avg: 3.33", "avg 2.33"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.from_regex(r"[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}", fullmatch=True),
                min_size=2, max_size=5, unique=True),
       st.lists(st.lists(st.tuples(st.sampled_from(["coding", "design", "values", "notes"]),
                                   st.integers(1, 4)), max_size=3), min_size=5, max_size=5),
       st.sampled_from(["", "  ", "\t"]), st.sampled_from(["name", "candidate", "who"]))
def test_record_items_are_read_whatever_their_fields(names: list[str],
                                                     fields: list[list[tuple[str, int]]],
                                                     indent: str, key: str) -> None:
    """Each item is one option from its dash to its last field, named by its first value;
    a line back at the items' indentation ends the run."""
    lines = ["role: analyst", "candidates:"]
    spans = []
    for name, said in zip(names, fields, strict=False):
        start = sum(len(x) + 1 for x in lines)
        lines.append(f"{indent}- {key}: {name}")
        lines += [f"{indent}    {k}: {v}" for k, v in said]
        spans.append((start, sum(len(x) + 1 for x in lines) - 1))
    lines.append(f"decision: offer -> {names[-1]}")
    text = "\n".join(lines)
    [d] = extract_record_items(text, lambda text, start, end: [])
    assert [o.attrs["label"] for o in d.options] == [n.lower() for n in names]
    assert [o.span for o in d.options] == spans
    assert d.choice is not None and d.choice.option == d.options[-1].id

