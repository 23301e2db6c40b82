"""The model's own evaluation: the probability it puts on "yes" over "no" at its first token.

This is a logprob-based version of Tree-of-Thoughts' value prompt. One forward pass per
question replaces ToT's several sampled "sure/likely/impossible" answers, and the value is
graded rather than three-valued. Without logprobs the answer word itself is used (1 or 0).
"""

from __future__ import annotations

import math
import re

from scaffold.models.text_model import Generation

YES = frozenset({"yes"})
NO = frozenset({"no"})
_WORD = re.compile(r"[a-z]+")


def _word(token: str) -> str:
    found = _WORD.search(token.lower())
    return found.group(0) if found else ""


def yes_no_value(gen: Generation) -> tuple[float | None, str]:
    """(P(yes) / (P(yes) + P(no)), how it was read), or (None, why not)."""
    if gen.tokens:
        first = gen.tokens[0]
        seen: dict[str, float] = {a.token: a.logprob for a in first.top}
        seen.setdefault(first.token, first.logprob)
        p_yes = sum(math.exp(lp) for tok, lp in seen.items() if _word(tok) in YES)
        p_no = sum(math.exp(lp) for tok, lp in seen.items() if _word(tok) in NO)
        if p_yes + p_no > 0:
            return p_yes / (p_yes + p_no), f"P(yes)={p_yes:.4f} P(no)={p_no:.4f} at token 1"
    word = _word(gen.text)
    if word in YES:
        return 1.0, f"answered {word!r} (no logprobs)"
    if word in NO:
        return 0.0, f"answered {word!r} (no logprobs)"
    return None, f"no yes/no answer in {gen.text.strip()[:60]!r}"
