"""The state pane's diff against the parent: word by word, character by character only inside a
word edited in place, and always exactly the two texts (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from tui.widgets.text_diff import DELETED, INSERTED, diff_text

words = st.lists(
    st.one_of(st.text("abcxyz0123456789+-*/=():", min_size=1, max_size=8), st.sampled_from(
        [" ", "\n", "  "])),
    max_size=30,
).map("".join)


def without(text: Text, style: str) -> str:
    """The plain text with every span of `style` cut out."""
    keep = [True] * len(text.plain)
    for span in text.spans:
        if str(span.style) == style:
            keep[span.start : span.end] = [False] * (span.end - span.start)
    return "".join(ch for ch, k in zip(text.plain, keep, strict=True) if k)


def styled(text: Text, style: str) -> list[str]:
    return [text.plain[s.start : s.end] for s in text.spans if str(s.style) == style]


@given(words, words)
def test_the_diff_reads_back_as_both_texts(old: str, new: str) -> None:
    out, inserted, deleted = diff_text(old, new)
    assert without(out, DELETED) == new
    assert without(out, INSERTED) == old
    assert inserted == sum(map(len, styled(out, INSERTED)))
    assert deleted == sum(map(len, styled(out, DELETED)))


def test_a_rewritten_plan_is_whole_words_out_and_in() -> None:
    out, _, _ = diff_text("game24: 4 9 10 13", "[0.2]\n13 / 4 = 13/4 (left: 13/4 9 10)")
    assert "game24:" in [s.strip() for s in styled(out, DELETED)], "not interleaved by letter"
    assert not any(part in ("g", "am", "e24") for part in styled(out, DELETED))


def test_an_edit_inside_a_word_is_marked_by_character() -> None:
    out, inserted, deleted = diff_text("wynbiormz jpls", "wynbiqrmz jpls")
    assert styled(out, DELETED) == ["o"] and styled(out, INSERTED) == ["q"]
    assert (inserted, deleted) == (1, 1)
