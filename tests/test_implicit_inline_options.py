"""Free-text options written inside one line ("Option A: …. Option B: …." or "(1) …; (2) …"),
and where an option ends when the commitment follows on the same line."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

FREE = text_task("prompt", None)


def _ratings(text: str) -> tuple[list[str], list[float | None], str | None]:
    [decision] = extract_text(text, FREE)
    labels = [str(o.attrs["label"]) for o in decision.options]
    values = [o.internal.value if o.internal else None for o in decision.options]
    return labels, values, decision.choice.option if decision.choice else None


def test_named_options_in_one_line_are_read_with_their_ratings_and_the_choice() -> None:
    text = ("We need a cache. Option A: Postgres, 8/10. Option B: Redis, 5/10. "
            "I'll go with option A.")
    assert _ratings(text) == (["a", "b"], [0.8, 0.5], "o1")


def test_an_enumeration_in_one_line_is_read_when_its_labels_run_in_order() -> None:
    text = ("Two choices: (1) Postgres, which is reliable, 8/10; (2) Redis, which is fast but "
            "volatile, 5/10. I'll go with (2).")
    assert _ratings(text) == (["1", "2"], [0.8, 0.5], "o2")


def test_the_last_option_ends_where_the_committing_sentence_begins() -> None:
    """On a line of its own too: "B: Redis, 5/10. I'll go with A." kept B's rating (it used to
    end one character after B's head, losing it)."""
    text = "Options:\nOption A: Postgres, 8/10.\nOption B: Redis, 5/10. I'll go with option A."
    assert _ratings(text) == (["a", "b"], [0.8, 0.5], "o1")


def test_parenthesised_numbers_out_of_order_or_alone_are_not_options() -> None:
    for text in ("As shown in (2) and then (1), the cache is slow; I'd pick Redis.",
                 "The formula f (1) gives 3, which is fine.",
                 "Only one thing: (1) Postgres, 8/10. I'll go with (1).",
                 "Option A: Postgres, 8/10 is what I would use."):
        assert extract_text(text, FREE) == [], text


WORDS = st.sampled_from(["Postgres", "Redis", "a queue", "the cache", "SQLite", "fast",
                         "slow", "7/10", "good", "bad", "(1)", "(2)", "(3)", "(a)", "(b)",
                         "Option A:", "Option B:", "Plan 2:", ";", ".", ",", "I'll go with"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30))
def test_inline_options_are_ordered_disjoint_and_inside_the_text(words: list[str]) -> None:
    text = " ".join(words)
    for decision in extract_text(text, FREE):
        spans = [o.span for o in decision.options]
        assert len(spans) >= 2
        assert all(0 <= a < b <= len(text) for a, b in spans)
        assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))
        for o in decision.options:
            for j in o.judgements:
                assert o.span[0] <= j.span[0] < j.span[1] <= o.span[1]
        if decision.choice is not None:
            assert decision.choice.option in {o.id for o in decision.options}
