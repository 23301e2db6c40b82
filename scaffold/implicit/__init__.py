"""Search inside one text: candidates, evaluations and choices a scratchpad writes about itself.

Extraction is read-only and conservative: every derived candidate, evaluation and choice keeps
the character span of the source text it came from, and an evaluation is never invented.
"""

from scaffold.implicit.model import EXTRACTOR_VERSION, Choice, DerivedDecision, Judgement, Option
from scaffold.implicit.reasoning import split_reasoning

__all__ = [
    "EXTRACTOR_VERSION",
    "Choice",
    "DerivedDecision",
    "Judgement",
    "Option",
    "split_reasoning",
]
