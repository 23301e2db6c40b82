"""A sweep summarised per group of runs (per scaffold, and per any other index column):
the scorer's pooled verdict over the group's transcripts, verdict counts, solved rate, compute.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.sweep.index import INDEX_NAME, Row, load_index
from scaffold.transcript.folder import transcripts_in

GROUP_BASE = ("scaffold",)


@dataclass
class GroupSummary:
    """One group's runs and what pooling their transcripts says."""

    key: tuple[str, ...]
    rows: list[Row]
    pooled: dict[str, Any] | None = None
    verdicts: Counter[str] = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return " / ".join(k or "-" for k in self.key)

    @property
    def failed(self) -> int:
        return sum(r["status"] == "failed" for r in self.rows)

    @property
    def solved_rate(self) -> float | None:
        flags = [r["solved"] == "true" for r in self.rows if r.get("solved") in ("true", "false")]
        return sum(flags) / len(flags) if flags else None

    def mean(self, column: str) -> float | None:
        values = [float(r[column]) for r in self.rows if _is_number(r.get(column, ""))]
        return sum(values) / len(values) if values else None

    @property
    def pooled_selection(self) -> dict[str, Any]:
        return (self.pooled or {}).get("selection") or {}


@dataclass
class SweepSummary:
    directory: Path
    by: list[str]
    rows: list[Row]
    groups: list[GroupSummary]

    @property
    def p_values(self) -> list[float]:
        return [float(r["p_value"]) for r in self.rows if _is_number(r.get("p_value", ""))]

    @property
    def compute_column(self) -> str:
        """What compute means here: tokens for text models, NFE for diffusion, else seconds."""
        for column in ("tokens", "nfe"):
            if any(_is_number(r.get(column, "")) and float(r[column]) > 0 for r in self.rows):
                return column
        return "wall_s"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def load_sweep(directory: Path) -> list[Row]:
    """The index rows of a sweep directory; InputError when it is not one."""
    index = directory / INDEX_NAME
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    if not index.is_file():
        held = len(transcripts_in(directory))
        hint = (f"; it holds {held} transcript(s): open one, or score them all with "
                f"`mesascope score {directory}`") if held else ""
        raise InputError(f"{directory}: no {INDEX_NAME} (not a sweep directory{hint})")
    return load_index(index)[1]


def summarise_sweep(directory: Path, by: list[str], *, pool_runs: bool = True) -> SweepSummary:
    """Group the index rows by scaffold plus `by`, and pool each group's transcripts."""
    rows = load_sweep(directory)
    columns = set(rows[0]) if rows else set()
    for column in by:
        if rows and column not in columns:
            raise InputError(f"--by {column}: not a column of the index "
                             f"({', '.join(sorted(columns))})")
    keys = [*GROUP_BASE, *(c for c in by if c not in GROUP_BASE)]
    grouped: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        grouped.setdefault(tuple(row.get(k, "") for k in keys), []).append(row)
    groups = [GroupSummary(key, members) for key, members in sorted(grouped.items())]
    for group in groups:
        group.verdicts = Counter(r["verdict"] for r in group.rows if r.get("verdict"))
        if pool_runs:
            group.pooled = pool_rows(directory, group.rows)
    return SweepSummary(directory, keys, rows, groups)


def transcripts(directory: Path, rows: list[Row]) -> list[Path]:
    return [directory / r["transcript"] for r in rows
            if r.get("transcript") and (directory / r["transcript"]).is_file()]


def pool_rows(directory: Path, rows: list[Row]) -> dict[str, Any] | None:
    """The scorer's pooled report over these runs' transcripts: what `score --pool` prints
    for the same files in name order, as a shell glob (`DIR/runs/*.jsonl`) gives them. The
    order matters: the pooled ū's block-bootstrap CI resamples decisions in file order."""
    from scaffold.scoring import pool, score_transcript

    paths = sorted(transcripts(directory, rows), key=lambda p: p.name)
    if not paths:
        return None
    return pool([score_transcript(p) for p in paths]).to_dict()
