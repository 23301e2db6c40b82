"""A state's text against its parent's: inserted text green, deleted text red and struck out.

Short texts are compared character by character, long ones word by word (difflib is quadratic
in the worst case). Every piece goes through `inert()` into a `rich.text.Text`, never markup.
"""

from __future__ import annotations

import difflib
import re

from rich.text import Text

from tui.safe_text import inert

CHAR_DIFF_LIMIT = 400
DIFF_LIMIT = 20_000
INSERTED = "bold green"
DELETED = "red strike"
_WORDS = re.compile(r"\s+|[^\s]+")


def _tokens(text: str, by_char: bool) -> list[str]:
    return list(text) if by_char else _WORDS.findall(text)


def diff_text(old: str | None, new: str) -> tuple[Text, int, int]:
    """`new` with its changes from `old` marked, and the (inserted, deleted) character counts.

    Plain `new` when there is no parent text or the texts are too long to compare.
    """
    out = Text()
    if old is None or old == new or max(len(old), len(new)) > DIFF_LIMIT:
        out.append(inert(new))
        return out, 0, 0
    by_char = max(len(old), len(new)) <= CHAR_DIFF_LIMIT
    a, b = _tokens(old, by_char), _tokens(new, by_char)
    inserted = deleted = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(inert("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            gone = "".join(a[i1:i2])
            deleted += len(gone)
            out.append(inert(gone), style=DELETED)
        if op in ("insert", "replace"):
            added = "".join(b[j1:j2])
            inserted += len(added)
            out.append(inert(added), style=INSERTED)
    return out, inserted, deleted
