"""What extraction finds in one text: options with spans, stated judgements, and the choice."""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRACTOR_VERSION = "implicit-18"
"""Recorded in every derived transcript's header; bumped when extraction changes."""

DERIVED_LOOP = "implicit"
"""The `loop` of a derived transcript's header: its decisions were found inside texts, so only
the text's own judgements may carry its verdict (`IncrementalScorer(internal_only=True)`)."""

Span = tuple[int, int]
ENDS_HERE = "the text ends on this state"
"""The rule of a choice no words state: the text simply stops on this attempt, so there is
no moment of commitment for its judgements to come after."""
ANSWER_ONLY = "the record's answer (the text does not name it again)"
"""The rule of a choice only the record's answer states (`answered`): the text has no moment
of commitment either."""


@dataclass(frozen=True)
class Judgement:
    """What the text itself says about an option: `value` is ordinal (1 good, 0 bad)."""

    value: float
    span: Span
    phrase: str


@dataclass
class Option:
    """One alternative the text puts forward, at `span` in the source text."""

    id: str
    span: Span
    kind: str
    judgements: list[Judgement] = field(default_factory=list)
    external: float | None = None
    external_detail: str = ""
    attrs: dict[str, str | float | int | bool] = field(default_factory=dict)

    @property
    def internal(self) -> Judgement | None:
        """The best stated judgement (an option judged good anywhere counts as good)."""
        return max(self.judgements, key=lambda j: j.value, default=None)


@dataclass(frozen=True)
class Choice:
    """The option the text commits to, and the words that say so."""

    option: str
    span: Span
    rule: str


@dataclass
class DerivedDecision:
    """Alternatives at one point of a text and the one it went on with (if it says)."""

    at: str
    options: list[Option]
    choice: Choice | None

    def without_hindsight(self) -> DerivedDecision:
        """Drop, in place, the judgements written after the choice was stated, and return the
        decision: what the text says after it commits (a double-check, praise of the pick)
        cannot have caused the choice, and a positive word there would otherwise outweigh an
        earlier "not 24"."""
        if self.choice is not None and self.choice.rule not in (ENDS_HERE, ANSWER_ONLY):
            said = self.choice.span[1]
            for o in self.options:
                o.judgements = [j for j in o.judgements if j.span[0] < said]
        return self
