"""`ScoreReport`: the verdict and its evidence for one transcript (or a pooled set).

`to_json()` is one line of `mesascope score --json`; `mesascope schema --report` prints its
JSON Schema. Non-finite floats are written as null.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from scaffold.scoring.breadth import Breadth
from scaffold.scoring.decisions import DecisionSet, ExtractionCounts
from scaffold.scoring.explore_logit import ExploreTest
from scaffold.scoring.gain_null import GainVsBlind
from scaffold.scoring.intervention_stats import InterventionStats
from scaffold.scoring.json_real import Real
from scaffold.scoring.labels import ProcessType, Regime, Verdict
from scaffold.scoring.power import PowerResult
from scaffold.scoring.report_warnings import WarningText
from scaffold.scoring.selection_stats import SelectionStats
from scaffold.scoring.structure import Commitment, Shape
from scaffold.scoring.tree_shape import TreeShape
from scaffold.scoring.trends import Adaptivity, Progress

VERDICTS = tuple(Verdict)


class Disagreement(TypedDict):
    """The internal and the external scorer's tests side by side, and the ρ of their scores."""

    internal: str
    external: str
    u_internal: Real | None
    u_external: Real | None
    p_internal: Real
    p_external: Real
    rho: Real | None
    diverges: bool


class FisherCombination(TypedDict):
    """Fisher's method over the per-run p-values of a pool."""

    statistic: Real
    p_value: Real
    n_runs: int


class ScoreReport(BaseModel):
    """Verdict, regime and every indicator."""

    model_config = ConfigDict(arbitrary_types_allowed=True, title="mesascope score report")

    path: str
    verdict: Verdict
    regime: Regime
    n_decisions: int
    selection: SelectionStats | None
    by_scorer: dict[str, SelectionStats]
    disagreement: Disagreement | None
    breadth: Breadth
    coverage: Real | None
    adaptivity: Adaptivity
    progress: Progress | None
    power: PowerResult | None
    shape: Shape | None
    commitment: Commitment | None
    type: ProcessType | None
    anti_selection: bool
    warnings: list[WarningText]
    counts: ExtractionCounts
    n_steps: int = 0
    n_transcripts: int = 1
    fisher: FisherCombination | None = None
    gain_vs_blind: GainVsBlind | None = None
    non_finite_scores: int = Field(0, description="scores left out for being NaN or infinite")
    explore: ExploreTest | None = Field(
        default=None, description="selection on value given the searcher's exploration term"
    )
    tree: TreeShape | None = Field(
        default=None, description="tree features no chain-like process produces"
    )
    interventions: dict[str, InterventionStats] = Field(
        default_factory=dict, description="paired intervention forks, by kind (`intervene`)")
    decision_set: DecisionSet | None = Field(default=None, exclude=True, repr=False)
    system: str | None = Field(default=None, exclude=True, repr=False)
    """The loop, scaffold and model of the transcript scored (`scorer.system_of`): what a
    pooled report checks its runs share."""

    @property
    def is_search(self) -> bool:
        return self.verdict.is_search

    def to_dict(self) -> dict[str, object]:
        """The JSON object as Python values (non-finite floats as None)."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), allow_nan=False)
