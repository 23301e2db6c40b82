"""Code blocks of docs/loops.md, by the `<!-- example: NAME -->` marker above each, so tests run
exactly what the docs show."""

from __future__ import annotations

import re

from tests.conftest import REPO

LOOPS_DOC = REPO / "docs" / "loops.md"


def doc_example(name: str) -> str:
    text = LOOPS_DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\n```python\n(.*?)```", text, re.S)
    assert found, f"docs/loops.md has no example {name!r}"
    return found.group(1)
