"""A sweep summarised per group of runs (per scaffold, and per any other index column):
the scorer's pooled verdict over the group's transcripts, verdict counts, solved rate, compute.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scaffold.errors import InputError
from scaffold.sweep.index import INDEX_NAME, REPORT_COLUMNS, Row, load_index
from scaffold.transcript.folder import transcripts_in

if TYPE_CHECKING:
    from scaffold.scoring.report import ScoreReport

GROUP_BASE = ("scaffold",)
POOL_WARNING_KINDS = ("mixed-systems", "pool-left-out", "broken-references")
"""The pooled report's warnings about the pool itself (`WarningKind` values): what its verdict
hides, which the sweep report shows per group. Caveats about the data (tied scores, low
coverage…) are each run's, as `score` shows them, and stay out of the report."""


@dataclass
class GroupSummary:
    """One group's runs and what pooling their transcripts says."""

    key: tuple[str, ...]
    rows: list[Row]
    pooled: dict[str, Any] | None = None
    verdicts: Counter[str] = field(default_factory=Counter)
    pool_warnings: list[str] = field(default_factory=list)
    """The pooled report's warnings of `POOL_WARNING_KINDS`, as it words them (untrusted:
    they name runs' paths)."""

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


@dataclass(frozen=True)
class RunProblem:
    """A run whose transcript the report could not use: missing, damaged, or outside DIR."""

    run: str
    transcript: str
    problem: str


@dataclass
class SweepSummary:
    directory: Path
    by: list[str]
    rows: list[Row]
    groups: list[GroupSummary]
    problems: list[RunProblem] = field(default_factory=list)

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
    if not directory.exists():
        raise InputError(f"{directory}: no such directory")
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    if not index.is_file():
        held = len(transcripts_in(directory))
        hint = (f"; it holds {held} transcript(s): open one, or score them all with "
                f"`mesascope score {directory}`") if held else ""
        raise InputError(f"{directory}: no {INDEX_NAME} (not a sweep directory{hint})")
    header, rows = load_index(index)
    missing = [col for col in REPORT_COLUMNS if header and col not in header]
    if missing:
        raise InputError(f"{index}: not a sweep index: no {', '.join(missing)} column"
                         f"{'s' if len(missing) > 1 else ''}")
    return rows


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
    scored, problems = score_runs(directory, rows) if pool_runs else ({}, [])
    for group in groups:
        group.verdicts = Counter(r["verdict"] for r in group.rows if r.get("verdict"))
        if pool_runs:
            group.pooled, group.pool_warnings = _pool(scored, group.rows)
    return SweepSummary(directory, keys, rows, groups, problems)


def score_runs(directory: Path, rows: list[Row]
               ) -> tuple[dict[str, ScoreReport], list[RunProblem]]:
    """Score each row's transcript once: the reports by transcript name, and the runs whose
    transcript is missing, unreadable, not a transcript, or outside `directory`."""
    from scaffold.scoring import score_transcript

    root = directory.resolve()
    scored: dict[str, ScoreReport] = {}
    problems: list[RunProblem] = []
    for row in rows:
        name = row.get("transcript", "")
        if not name or name in scored:
            continue
        path = directory / name
        problem = ""
        if not path.resolve().is_relative_to(root):
            problem = "outside the sweep directory"
        elif not path.is_file():
            problem = "missing"
        else:
            try:
                scored[name] = score_transcript(path)
            except InputError as err:
                problem = str(err)
            except OSError as err:
                problem = f"cannot read: {err.strerror}"
        if problem:
            problems.append(RunProblem(row.get("run", ""), name, problem))
    return scored, problems


def _pool(scored: dict[str, ScoreReport], rows: list[Row]
          ) -> tuple[dict[str, Any] | None, list[str]]:
    """`pool_rows` over already scored transcripts (those of `rows` that scored), and its
    warnings about the pool itself."""
    from scaffold.scoring import pool

    names = sorted({r["transcript"] for r in rows if r.get("transcript") in scored},
                   key=lambda n: Path(n).name)
    if not names:
        return None, []
    report = pool([scored[n] for n in names])
    return report.to_dict(), [w.text for w in report.warnings if w.kind in POOL_WARNING_KINDS]


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
