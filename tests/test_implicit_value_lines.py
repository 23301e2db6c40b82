"""Settings of one parameter tried a line each and judged in words (the twelfth blind probe's
learning-rate sweep: "At 1e-5, cleanest curve of the sweep.", "lr 3e-4 - diverged.", "-
lr=1e-3: steady decrease"), then the value the text goes on with ("Setting lr=1e-5 in the
config.")."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
VALUES = ["1e-5", "3e-5", "1e-4", "3e-4", "1e-3"]
HEADS = ["At {v}, ", "lr {v} - ", "- lr={v}: "]
SAID = {1.0: ["cleanest curve of the sweep.", "the good one: lowest final loss."],
        0.0: ["diverged - loss goes NaN.", "unstable, oscillates the whole way."]}
CLOSES = ["Setting lr={v} in the config and kicking off the long run.",
          "Launching the full run with lr={v}.", "Going with {v}."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=2, max_size=5), st.lists(st.integers(0, 2), min_size=5,
                                                                 max_size=5),
       st.integers(0, 4), st.integers(0, 2), st.integers(0, 1))
def test_each_value_line_is_an_option_and_the_value_gone_on_with_is_the_choice(
        good: list[bool], heads: list[int], pick: int, close: int, form: int) -> None:
    pick %= len(good)
    lines = ["LR sweep, 3000 steps each. Looking at the curves:"]
    lines += [HEADS[heads[i]].format(v=VALUES[i]) + SAID[1.0 if g else 0.0][form]
              for i, g in enumerate(good)]
    lines.append(CLOSES[close].format(v=VALUES[pick]))
    [d] = extract_text("\n".join(lines), PROSE)
    # a plain bullet list is read as bullets; "At 3e-5, the good one: …" may be a named line
    assert d.at in ("values tried", "bullet options", "named lines")
    if d.at != "named lines":
        assert [o.internal.value if o.internal else None for o in d.options] == [
            1.0 if g else 0.0 for g in good]
        assert d.choice is not None and d.choice.option == d.options[pick].id
    if d.at == "values tried":
        assert [o.attrs["label"] for o in d.options] == VALUES[:len(good)]


def test_counted_items_and_a_random_pick_are_not_read_as_values() -> None:
    for text in ("Steps:\n1: install it - fine.\n2: run it - broken.\nGoing with 2.",
                 "Step 1: install, works.\nStep 2: run the job, broken.\nGoing with step 2.",
                 "Day 1 - rain, awful.\nDay 2 - sun, great.\nGoing with day 2.",
                 "At 1e-5, cleanest.\nAt 1e-3, diverged.\nPicked 1e-3 at random."):
        assert all(d.at not in ("values tried", "named lines")
                   for d in extract_text(text, PROSE)), text
