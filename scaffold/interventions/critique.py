"""A counterfactual edit of text that judges its own options: refine's critique.

The refine scaffold's critique is a note the revision reads. The intervened arm rewrites the
stated evaluation to its opposite (evaluative words swapped for their antonyms); the control
arm makes an edit of the same length elsewhere (neutral filler at the end); a reference arm
leaves it alone. The scorer compares how often each edit flips the choice (draft or revision)
against the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPPOSITES = {
    "correct": "incorrect", "right": "wrong", "good": "bad", "valid": "invalid",
    "true": "false", "yes": "no", "works": "fails", "better": "worse", "solves": "misses",
    "equals": "differs from",
}
OPPOSITES.update({v: k for k, v in list(OPPOSITES.items())})
_WORDS = re.compile(r"\b(" + "|".join(sorted(OPPOSITES, key=len, reverse=True)) + r")\b",
                    re.IGNORECASE)
NO_EVALUATION = "This is wrong. "
"""Prefixed when the critique states no evaluation the table can reverse."""
FILLER = " (see above)"


def negate(text: str) -> str:
    """The critique with every evaluative word replaced by its opposite."""
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = OPPOSITES[word.lower()]
        return new.capitalize() if word[0].isupper() else new

    edited = _WORDS.sub(swap, text)
    return edited if edited != text else NO_EVALUATION + text


def same_length_edit(text: str) -> str:
    """An edit as long as `negate`'s, away from the evaluation: filler at the end."""
    size = max(1, abs(len(negate(text)) - len(text)) or sum(
        len(m.group(0)) for m in _WORDS.finditer(text)))
    return text + (FILLER * (size // len(FILLER) + 1))[:size]


@dataclass(frozen=True)
class CritiqueEdit:
    """The note hook of one arm: `negate`, `same_length_edit`, or none (the reference)."""

    arm: str

    @property
    def name(self) -> str:
        return f"critique edit ({self.arm})"

    def __call__(self, text: str) -> str:
        if self.arm == "intervened":
            return negate(text)
        if self.arm == "control":
            return same_length_edit(text)
        return text
