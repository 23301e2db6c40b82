"""Evaluations stated as counts ("passes 14/18", "22 of 23, 1 failing", "all 23 green", "fits 1
of 3") and as ratios ("6.1:1"), prices per unit ("£4.78/kg"), a factor that is a product's
sign ("0.55 x £72,000") and not a unit, and the value a text compares set by its first naming
("ranked on benefit-cost ratio (benefits over costs)"), never by the costs an option lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.measured import objective, quantities
from scaffold.implicit.ratings import rated

PROSE = text_task("prompt", None)
BRANCHES = ["fix/lock-order", "hotfix-77", "jd/retry-budget", "patch-c", "wip/idempotent"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(5, 30), min_size=2, max_size=5, unique=True), st.integers(10, 40),
       st.sampled_from(["{b} passes {p}/{n}; it breaks {f} tests.",
                        "{b}: {p} of {n}, {f} failing.",
                        "{b} - passed: {p}/{n}, the rest fail."]))
def test_a_branch_is_judged_by_the_tests_it_passes(passed: list[int], extra: int,
                                                   form: str) -> None:
    total = max(passed) + extra
    lines = [form.format(b=b, p=p, n=total, f=total - p)
             for b, p in zip(BRANCHES, passed, strict=False)]
    best = max(range(len(passed)), key=passed.__getitem__)
    text = "\n".join([f"The suite has {total} tests. How each candidate fix does:",
                      *lines, f"Merging {BRANCHES[best]}: it passes the most."])
    [d] = extract_text(text, PROSE, BRANCHES[best])
    assert d.choice is not None and d.choice.option == d.options[best].id
    values = [o.judgements[0].value for o in d.options]
    assert values == [p / total for p in passed]


def test_all_green_is_a_full_count_and_a_bare_fraction_is_not_a_count() -> None:
    [j] = rated("hotfix-77: all 23 green.", 0, 24)
    assert j.value == 1.0
    assert rated("passes 14/18", 0, 12)[0].value == 14 / 18
    for said, value in (("DELHI: fits 1 of 3", 1 / 3), ("PARIS: 2/2 crossers fit", 1.0),
                        ("9/12 tests passed", 0.75)):
        assert [j.value for j in rated(said, 0, len(said))] == [value]
    assert rated("ratio 14/18 of the area", 0, 24) == []  # no test words: no count
    assert rated("passes 14/18.5", 0, 14) == []  # not a count of tests


@given(st.decimals(min_value=1, max_value=99, places=2), st.integers(1, 999))
def test_x_between_numbers_is_a_product_and_after_one_a_factor(a: object, b: int) -> None:
    for text in (f"{a} x {b} = 7", f"{a} x £{b:,}", f"{a}x{b}"):
        assert all(kind != "x" for kind, _ in quantities(text, 0, len(text)))
    text = f"{a}x faster, contrast {b}:1"
    assert [kind for kind, _ in quantities(text, 0, len(text))] == ["x", ":1"]


def test_a_price_per_unit_is_a_kind_of_its_own_and_a_cost_per_person_an_amount() -> None:
    text = "Oats: 2.722 kg = £4.78/kg; fuel at £1.63 per litre; £93 per person; $2 per GB"
    assert [kind for kind, _ in quantities(text, 0, len(text))] == [
        "kg", "£/kg", "£/l", "£", "$/GB"]


def test_a_word_that_counts_nothing_is_no_unit() -> None:
    text = "bottomed out at 0.549 at epoch 27; got down to 0.421 on validation; 8 plants"
    assert [(kind, m.group("num")) for kind, m in quantities(text, 0, len(text))] == [
        ("plant", "8")]


def test_the_value_named_first_is_the_one_compared() -> None:
    assert objective("Schemes are ranked on benefit-cost ratio (present value of benefits "
                     "over present value of costs).") == 1
    assert objective("We compare the total cost of each plan; the revenue is the same.") == -1
    assert objective("Cost is no issue here; we want the most revenue.") == 1
    assert objective("revenue(x) and cost=3") is None  # fields of a log, not goals


RATIO_MINUTES = """Minutes of the parks committee, item 4.
4.1 Members agreed to rank the bids on benefit-cost ratio.
{rows}
RESOLVED: to fund {pick}, the best value for money.
"""
RATIO_AFTER = """Minutes of the parks committee, item 4.
4.1 Officers set out the bids.
{rows}
RESOLVED: on the benefit-cost ratio, the bid to fund is {pick}.
"""


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(2, 40), st.integers(2, 9)), min_size=2, max_size=4,
                unique_by=lambda t: t[0] / t[1]))
def test_ratios_are_judged_by_the_goal_and_costs_in_the_rows_set_none(
        bids: list[tuple[int, int]]) -> None:
    names = ["Play area", "Lido roof", "Tree survey", "Boathouse"]
    rows = [f"4.{i + 2} {n}: benefits £{b}m, costs £{c}m; {b} / {c} = {b / c:.2f}:1."
            for i, (n, (b, c)) in enumerate(zip(names, bids, strict=False))]
    best = max(range(len(bids)), key=lambda i: bids[i][0] / bids[i][1])
    if len({f"{b / c:.2f}" for b, c in bids}) < len(bids):
        return  # equal when rounded: no one best
    for form in (RATIO_MINUTES, RATIO_AFTER):  # the criterion before the rows, or after them
        text = form.format(rows="\n".join(rows), pick=names[best])
        [d] = extract_text(text, PROSE, names[best])
        assert d.choice is not None and d.choice.option == d.options[best].id
        assert d.options[best].judgements[-1].value == 1.0


PLANS = ["Keeper Family", "Dashlane Friends", "Proton Unlimited", "Bitwarden Families"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(2, 30), min_size=2, max_size=4, unique=True), st.integers(0, 3),
       st.integers(31, 60), st.sampled_from(["Hold on, {n} is only the first year; it's ${v} "
                                             "after that.",
                                             "Wait, I misread {n}: it is actually ${v}.",
                                             "{n} comes to ${v} with the add-on."]))
def test_a_price_corrected_before_the_choice_is_the_one_judged(
        prices: list[int], which: int, fixed: int, form: str) -> None:
    """A reasoning model revises its own figure ("Hold on, … it's $27 after that") and picks
    by the revised one; a later sentence without a cue of correction changes nothing."""
    which %= len(prices)
    names = PLANS[:len(prices)]
    after = [fixed if i == which else p for i, p in enumerate(prices)]
    cue = not form.startswith("{n} comes")
    pick = min(range(len(prices)), key=(after if cue else prices).__getitem__)
    text = "\n".join(["All of them cover what we need, so it's price.",
                      *[f"{n}: ${p}/month." for n, p in zip(names, prices, strict=True)],
                      form.format(n=names[which], v=fixed), "Okay, redo the comparison.",
                      f"I'd go with {names[pick]}."])
    [d] = extract_text(text, PROSE)
    assert d.choice is not None and d.choice.option == d.options[pick].id
    if not cue:
        assert all(j.phrase != f"${fixed}" for o in d.options for j in o.judgements)
        return
    assert [o.judgements[0].value for o in d.options][pick] == 1.0
    assert d.options[which].judgements[0].phrase == f"${fixed}"


def test_a_corrected_price_keeps_its_decimals() -> None:
    """A point inside a number ends no sentence: "$27.50" is the corrected price, not "$27"."""
    text = ("Price is all that matters.\nKeeper Family: $22/month.\nDashlane Friends: $24/month."
            "\nHold on, Keeper Family is $27.50 after the first year.\nI'd go with Dashlane"
            " Friends.")
    [d] = extract_text(text, PROSE)
    assert [j.phrase for j in d.options[0].judgements] == ["$27.50"]
    assert d.choice is not None and d.options[1].judgements[0].value == 1.0


def test_options_judged_alike_are_left_as_they_are() -> None:
    """Equal prices give no way round to place a correction by: nothing changes."""
    text = ("Price is all that matters.\nKeeper Family: $5/month.\nDashlane Friends: $5/month.\n"
            "Hold on, Keeper Family is $9 after that.\nI'd go with Dashlane Friends.")
    [d] = extract_text(text, PROSE)
    assert d.choice is not None and d.choice.option == d.options[1].id
    assert [j.phrase for o in d.options for j in o.judgements] == ["$5/month", "$5/month"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(8, 400), st.booleans()), min_size=3, max_size=5,
                unique_by=lambda t: t[0]).filter(lambda rows: any(ok for _, ok in rows)
                                                  and not all(ok for _, ok in rows)))
def test_which_reading_stands_does_not_depend_on_the_pick(rows: list[tuple[int, bool]]) -> None:
    """Rows of a log whose failing rows alone state a rating ("FAIL (36/40)"): the reading the
    text is read by, and so the options a pick is compared with, are the same whichever row
    the record picked. When a reading of the failing rows stood only where the pick was one of
    them, a random pick looked better than its options."""
    libs = ["tomlkit", "rtoml", "qtoml", "pytomlpp", "tomli"][:len(rows)]
    lines = [f'{{"lib": "{lib}", "tests": "{"pass" if ok else "FAIL (36/40)"}", '
             f'"p50_ms": {ms / 10}}}' for lib, (ms, ok) in zip(libs, rows, strict=True)]
    head = "# bench notes: TOML parser. must pass all 40 fixtures, then fastest wins"
    readings = set()
    for lib in libs:
        found = extract_text("\n".join([head, *lines, f"=> {lib}"]), PROSE, lib)
        readings.add(tuple((d.at, len(d.options)) for d in found))
    assert len(readings) == 1
