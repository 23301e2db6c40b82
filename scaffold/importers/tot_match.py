"""Recovering what a ToT log states only by text: which candidate was kept, which item it extends.

ToT logs `select_new_ys` as texts, and repeated candidates are common (the model proposes the
same step twice). ToT's greedy selection is a stable sort by value, descending, so among equal
texts it keeps the highest-valued one first and, on equal values, the earliest. Matching each
kept text to the unmatched candidate that ranks first by (value desc, index asc) therefore
recovers exactly the indices ToT kept. ToT also values a repeated candidate 0, which this rule
honours. Under `sample` selection (with replacement) the same candidate can be kept twice; when
no unmatched copy is left, the entry reuses the best-ranked copy and is reported as reused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class KeptMatch:
    """Per kept entry, the candidate index (None if its text is no candidate's)."""

    indices: list[int | None]
    reused: list[int]
    missing: list[int]

    @property
    def chosen(self) -> list[int]:
        """Distinct candidate indices, in the order they were kept."""
        return list(dict.fromkeys(i for i in self.indices if i is not None))


def match_kept(candidates: list[str], values: list[float | None], kept: list[str]) -> KeptMatch:
    """Match kept texts to candidates the way ToT's argsort picked them (see module doc)."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(candidates):
        by_text[text].append(j)

    def rank(j: int) -> tuple[float, int]:
        v = values[j]
        return (-(v if v is not None else float("-inf")), j)

    used: set[int] = set()
    indices: list[int | None] = []
    reused: list[int] = []
    missing: list[int] = []
    for k, text in enumerate(kept):
        pool = by_text.get(text)
        if not pool:
            indices.append(None)
            missing.append(k)
            continue
        free = [j for j in pool if j not in used]
        if free:
            j = min(free, key=rank)
        else:
            j = min(pool, key=rank)
            reused.append(k)
        used.add(j)
        indices.append(j)
    return KeptMatch(indices, reused, missing)


def find_parents(frontier: list[str], candidates: list[str]) -> list[int | None]:
    """Per candidate, the index of the frontier item it extends, or None.

    ToT builds candidates as `frontier item + new text`, frontier item by frontier item, so a
    candidate's parent is the longest frontier item that prefixes it. Identical frontier items
    cannot be told apart by text; the walk then prefers the first one at or after the previous
    candidate's parent, keeping the blocks in order.
    """
    order = sorted(range(len(frontier)), key=lambda i: -len(frontier[i]))
    out: list[int | None] = []
    pointer = 0
    for text in candidates:
        matches = [i for i in order if text.startswith(frontier[i])]
        if not matches:
            out.append(None)
            continue
        longest = len(frontier[matches[0]])
        best = sorted(i for i in matches if len(frontier[i]) == longest)
        parent = next((i for i in best if i >= pointer), best[0])
        out.append(parent)
        pointer = parent
    return out
