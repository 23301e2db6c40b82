"""`ScoreReport`: the verdict and its evidence for one transcript (or a pooled set)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from scaffold.scoring.breadth import Breadth
from scaffold.scoring.decisions import DecisionSet, ExtractionCounts
from scaffold.scoring.gain_null import GainVsBlind
from scaffold.scoring.power import PowerResult
from scaffold.scoring.selection_stats import SelectionStats
from scaffold.scoring.structure import Commitment, Shape
from scaffold.scoring.trends import Adaptivity, Progress

VERDICTS = (
    "undetermined",
    "insufficient-data",
    "no-evidence",
    "optimisation-without-search",
    "selection-without-breadth",
    "search-moderate",
    "search-strong",
)


def _clean(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _clean(asdict(value))
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value


@dataclass
class ScoreReport:
    """Verdict, regime and every indicator; `to_json()` is one line of the `score --json` output."""

    path: str
    verdict: str
    regime: str
    n_decisions: int
    selection: SelectionStats | None
    by_scorer: dict[str, SelectionStats]
    disagreement: dict[str, Any] | None
    breadth: Breadth
    coverage: float | None
    adaptivity: Adaptivity
    progress: Progress | None
    power: PowerResult | None
    shape: Shape | None
    commitment: Commitment | None
    type: str | None
    anti_selection: bool
    warnings: list[str]
    counts: ExtractionCounts
    n_steps: int = 0
    n_transcripts: int = 1
    fisher: dict[str, Any] | None = None
    gain_vs_blind: GainVsBlind | None = None
    decision_set: DecisionSet | None = field(default=None, repr=False, compare=False)

    @property
    def is_search(self) -> bool:
        return self.verdict.startswith("search-")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            if name == "decision_set":
                continue
            out[name] = _clean(getattr(self, name))
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), allow_nan=False)
