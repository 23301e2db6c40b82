"""The search card as typed rows: a label and a text, laid out by whoever shows them.

Standard library only, so the TUI can import it without the statistics stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

LABEL_WIDTH = 12
"""Width of the label column in the plain-text card."""

SCORER_INDENT = "  "


class RowKind(StrEnum):
    VERDICT = "verdict"
    """The headline: verdict, regime and counts."""
    FIELD = "field"
    """A labelled row."""
    DETAIL = "detail"
    """Continues the row above, aligned under its text."""
    OTHER_SCORER = "other-scorer"
    """The same test under a scorer that is not the primary one."""
    NOTE = "note"
    """Text with no label column, e.g. why there is no card."""


@dataclass(frozen=True)
class CardRow:
    """One row of the card; `label` is empty unless the kind is VERDICT or FIELD."""

    label: str
    text: str
    kind: RowKind = RowKind.FIELD

    @property
    def labelled(self) -> bool:
        return self.kind in (RowKind.VERDICT, RowKind.FIELD)

    def label_cell(self) -> str:
        """The label padded to the label column, or "" for an unlabelled row."""
        return f"{self.label:<{LABEL_WIDTH}}" if self.labelled else ""

    def plain(self) -> str:
        """The row as one line of plain text (no markup; the text may still be untrusted)."""
        if self.kind == RowKind.DETAIL:
            return " " * LABEL_WIDTH + self.text
        if self.kind == RowKind.OTHER_SCORER:
            return SCORER_INDENT + self.text
        return self.label_cell() + self.text

    def __str__(self) -> str:
        return self.plain()

    def __contains__(self, part: str) -> bool:
        return part in self.plain()


def field_row(label: str, text: str) -> CardRow:
    return CardRow(label, text, RowKind.FIELD)


def detail_row(text: str) -> CardRow:
    return CardRow("", text, RowKind.DETAIL)


def note_row(text: str) -> CardRow:
    return CardRow("", text, RowKind.NOTE)
