"""Decision extraction, regimes, verdict labels, the JSON report, the card and pooling."""

from __future__ import annotations

import json

import numpy as np

from scaffold.scoring import IncrementalScorer, pool, render_card, score_events
from scaffold.scoring.incremental import group_steps
from scaffold.simulators import simulate
from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
)


def _step(step, values, chosen, *, scorer="v", kind="internal", texts=None, extra=None):
    ids = [f"{step}.{j}" for j in range(len(values))]
    texts = texts or [f"candidate number {step}-{j} with words {j * 7}" for j in range(len(values))]
    evs = [StateEvent(step=step, parent=step - 1 if step else None, text="s"),
           CandidatesEvent(step=step, candidates=[Candidate(id=i, text=t)
                                                  for i, t in zip(ids, texts, strict=True)])]
    evs += [ScoreEvent(step=step, candidate=i, value=v, scorer=scorer, kind=kind)
            for i, v in zip(ids, values, strict=True)]
    for name, vals, k in extra or []:
        evs += [ScoreEvent(step=step, candidate=i, value=v, scorer=name, kind=k)
                for i, v in zip(ids, vals, strict=True)]
    if chosen is not None:
        evs.append(SelectEvent(step=step, chosen=[ids[j] if isinstance(j, int) else j
                                                  for j in chosen], rule="r"))
    return evs


def test_missing_scores_are_excluded_and_counted_in_coverage() -> None:
    evs = _step(0, [1.0, None, 3.0, float("nan")], [2]) + _step(1, [2.0, 5.0, 1.0, 0.0], [1])
    report = score_events(evs)
    assert report.n_decisions == 2
    assert report.coverage == 6 / 8
    assert report.selection.u_bar == 1.0


def test_chosen_ids_outside_the_scored_candidates_are_reported() -> None:
    evs = _step(0, [1.0, 2.0, 3.0], [2, "elsewhere"]) + _step(1, [1.0, None, 3.0], [1])
    report = score_events(evs)
    assert report.n_decisions == 1
    assert report.counts.chosen_unscored == 2
    assert report.counts.no_scored_choice == 1
    assert any("no score" in w for w in report.warnings)


def test_internal_and_external_scorers_are_tested_separately_and_compared() -> None:
    rng = np.random.default_rng(0)
    evs = []
    for t in range(12):
        own = list(rng.normal(size=5))
        truth = list(-np.array(own) + rng.normal(0, 0.1, 5))
        evs += _step(t, own, [int(np.argmax(own))], extra=[("judge", truth, "external")])
    report = score_events(evs)
    assert report.selection.scorer == "v"
    assert report.by_scorer["judge"].u_bar < 0.2
    assert report.disagreement["diverges"] is True
    assert report.disagreement["rho"] < -0.5
    assert any("disagree" in w for w in report.warnings)


def test_regimes_a_b_c() -> None:
    a = score_events(_step(0, [1.0, 2.0], [1]))
    assert a.regime == "A" and a.verdict == "insufficient-data"
    samples = _step(0, [0.1, 0.5, 0.3, 0.9, 0.2], None)
    b = score_events(samples)
    assert b.regime == "B" and b.verdict == "untestable" and b.n_decisions == 0
    states = [StateEvent(step=i, parent=i - 1 if i else None, text=f"x{i}") for i in range(5)]
    c = score_events(states)
    assert c.regime == "C" and c.verdict == "undetermined"


def test_state_objective_trend_without_decisions_is_optimisation_without_search() -> None:
    states = [StateEvent(step=i, parent=i - 1 if i else None, text=f"x{i}",
                         attrs={"objective": float(i)}) for i in range(30)]
    report = score_events(states)
    assert report.regime == "B"
    assert report.verdict == "optimisation-without-search"


def test_decorative_scores_give_no_evidence_and_argmin_is_called_out() -> None:
    decorative = score_events(simulate("decorative", "vector", 3))
    assert decorative.verdict in ("no-evidence", "optimisation-without-search")
    anti = score_events(simulate("anti_search", "string", 3))
    assert anti.verdict == "no-evidence" and anti.anti_selection
    assert any("selects against its evaluation" in line for line in render_card(anti))


def test_selection_on_copies_is_selection_without_breadth() -> None:
    evs = []
    for t in range(20):
        evs += _step(t, [1.0, 2.0, 3.0, 0.5], [2], texts=["the same text"] * 4)
    report = score_events(evs)
    assert report.selection.p_value < 0.01
    assert report.verdict == "selection-without-breadth"


def test_report_json_has_the_documented_fields() -> None:
    report = score_events(simulate("beam", "vector", 0), "beam.jsonl")
    obj = json.loads(report.to_json())
    for key in ("path", "verdict", "regime", "n_decisions", "selection", "breadth", "progress",
                "power", "type", "warnings", "by_scorer", "gain_vs_blind"):
        assert key in obj
    for key in ("u_bar", "u_ci", "p_value", "differential", "op_bits", "beta", "beta_ci"):
        assert key in obj["selection"]
    assert obj["verdict"] == "search-strong" and obj["type"] == "tree/beam"
    assert obj["path"] == "beam.jsonl"


def test_incremental_scorer_matches_the_batch_scorer() -> None:
    events = simulate("noisy_hill_climb", "string", 4)
    live = IncrementalScorer(draws=2000)
    for view in group_steps(events[1:]):
        live.add(view)
        live.report()
    batch = score_events(events)
    final = live.report(final=True)
    assert final.to_json() == batch.to_json()


def test_incremental_report_is_cached_between_small_additions() -> None:
    events = simulate("hill_climb", "vector", 1, decisions=200)
    views = group_steps(events[1:])
    live = IncrementalScorer()
    for v in views[:150]:
        live.add(v)
    first = live.report()
    live.add(views[150])
    second = live.report()
    assert second.selection is first.selection
    assert second.n_steps == first.n_steps + 1


def test_pooling_short_runs_recovers_power() -> None:
    reports = []
    for seed in range(15):
        evs = []
        rng = np.random.default_rng(seed)
        for t in range(2):
            v = list(rng.normal(size=5))
            evs += _step(t, v, [int(np.argmax(v))])
        reports.append(score_events(evs))
    assert all(r.verdict == "insufficient-data" for r in reports)
    pooled = pool(reports)
    assert pooled.n_decisions == 30 and pooled.n_transcripts == 15
    assert pooled.verdict.startswith("search-")
    assert pooled.fisher["p_value"] < 1e-6
    json.loads(pooled.to_json())
