"""A state's text against its parent's: inserted text green, deleted text red and struck out.

Texts are compared word by word (each word with the spaces after it), so a rewritten plan reads
as whole words out and whole words in (a character diff of two unrelated texts interleaves
their letters: "gam[0.2]e24"). Where one word replaces one similar word (an edit inside it),
that word is compared character by character. Every piece goes through `inert()` into a
`rich.text.Text`, never markup.
"""

from __future__ import annotations

import difflib
import re

from rich.text import Text

from tui.safe_text import inert

DIFF_LIMIT = 20_000
SIMILAR_WORD = 0.5
"""A replaced word is diffed by character when difflib's ratio to its replacement is at least
this (one letter changed in a 9-letter word: 0.89; two unrelated words: ~0)."""
INSERTED = "bold green"
DELETED = "red strike"
_WORDS = re.compile(r"\S+\s*|\s+")
"""A word with the spaces after it: half the tokens of words and spaces apart, and no token as
common as " ", which made difflib ~20x slower on two 2 KB texts."""


def diff_text(old: str | None, new: str) -> tuple[Text, int, int]:
    """`new` with its changes from `old` marked, and the (inserted, deleted) character counts.

    Plain `new` when there is no parent text or the texts are too long to compare.
    """
    out = Text()
    if old is None or old == new or max(len(old), len(new)) > DIFF_LIMIT:
        out.append(inert(new))
        return out, 0, 0
    inserted, deleted = _mark(out, _WORDS.findall(old), _WORDS.findall(new), by_char=False)
    return out, inserted, deleted


def _mark(out: Text, a: list[str], b: list[str], *, by_char: bool) -> tuple[int, int]:
    """Append `b` to `out` with its differences from `a` styled; the characters (inserted,
    deleted)."""
    inserted = deleted = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(inert("".join(b[j1:j2])))
            continue
        if op == "replace" and not by_char and _similar_words(a[i1:i2], b[j1:j2]):
            ins, dele = _mark(out, list(a[i1]), list(b[j1]), by_char=True)
            inserted, deleted = inserted + ins, deleted + dele
            continue
        if op in ("delete", "replace"):
            gone = "".join(a[i1:i2])
            deleted += len(gone)
            out.append(inert(gone), style=DELETED)
        if op in ("insert", "replace"):
            added = "".join(b[j1:j2])
            inserted += len(added)
            out.append(inert(added), style=INSERTED)
    return inserted, deleted


def _similar_words(a: list[str], b: list[str]) -> bool:
    """One word replaced by one word that shares most of its letters."""
    if len(a) != 1 or len(b) != 1 or a[0].isspace() or b[0].isspace():
        return False
    return difflib.SequenceMatcher(None, a[0], b[0], autojunk=False).ratio() >= SIMILAR_WORD
