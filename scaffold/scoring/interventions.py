"""Intervention branches in a transcript: set apart from the run they test, and summarised.

A fork whose `params` name an intervention starts an arm; every step below it belongs to that
arm. The main report leaves these steps out (an arm selecting on shuffled scores is not
evidence about the loop's own selection) and `InterventionStats` sums them up by kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scaffold.interventions.kinds import (
    INTERVENED_PREFIX,
    PARAM_ARM,
    PARAM_KIND,
    PARAM_PAIR,
    Arm,
    Kind,
)
from scaffold.scoring.decisions import ExtractionCounts, decision_from_view
from scaffold.scoring.intervention_stats import (
    FOLLOW_ALPHA,
    Effect,
    InterventionStats,
    effect_of,
    sign_flip_p,
)
from scaffold.scoring.labels import Verdict
from scaffold.transcript.steps import StepView

ArmKey = tuple[str, int, int, str]
"""(intervention label, fork step, pair seed, arm)."""
REACHED = 0.5


@dataclass
class _ArmSummary:
    outcome: float | None = None
    solved: float | None = None
    recorded: bool = False
    choices: list[frozenset[str]] = field(default_factory=list)
    u: list[float] = field(default_factory=list)


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float) and np.isfinite(value):
        return float(value)
    return None


def _summarise_arm(views: list[StepView], scorer: str | None) -> _ArmSummary:
    out = _ArmSummary()
    for view in views:
        state = view.state
        if state is not None:
            attrs = state.attrs
            out.outcome = _as_float(attrs.get("outcome", attrs.get("objective")))
            out.solved = _as_float(attrs.get("outcome_solved", attrs.get("solved")))
            out.recorded = True
        if view.select is None:
            continue
        texts = {c.id: str(c.attrs.get("role") or c.text or c.id) for c in view.candidates}
        out.choices.append(frozenset(texts.get(c, c) for c in view.select.chosen))
        if scorer is not None:
            d = decision_from_view(view, scorer, ExtractionCounts(), keep_payloads=False)
            if d is not None:
                out.u.append(kept_percentile(d.scores, d.selected))
    return out


def kept_percentile(scores: np.ndarray, selected: np.ndarray) -> float:
    """The selection test's ū of one decision: the mean mid-rank percentile of the kept
    candidates, (#lower + ½·#tied others) / (k − 1)."""
    lower = (scores[None, :] < scores[:, None]).sum(axis=1)
    tied = (scores[None, :] == scores[:, None]).sum(axis=1) - 1
    u = (lower + 0.5 * tied) / (len(scores) - 1)
    return float(u[selected].mean())


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


class InterventionCollector:
    """Claims the steps of intervention arms as they arrive and summarises them by kind."""

    def __init__(self) -> None:
        self._arm_of: dict[int, ArmKey] = {}
        self._views: dict[ArmKey, dict[int, StepView]] = defaultdict(dict)

    def __len__(self) -> int:
        return len(self._arm_of)

    def claim(self, view: StepView) -> bool:
        """True (and kept here) when the step belongs to an intervention arm."""
        key = self._arm_of.get(view.step)
        for fork in view.forks:
            if key is None and PARAM_KIND in fork.params:
                p = fork.params
                key = (str(p[PARAM_KIND]), fork.from_step, int(p.get(PARAM_PAIR, 0)),
                       str(p.get(PARAM_ARM, Arm.INTERVENED)))
        if key is None and view.parent is not None:
            key = self._arm_of.get(view.parent)
        if key is None:
            return False
        self._arm_of[view.step] = key
        self._views[key][view.step] = view
        return True

    def summary(self, seed: int = 0) -> dict[str, InterventionStats]:
        kinds = sorted({k[0] for k in self._views})
        return {kind: self._kind_stats(kind, seed) for kind in kinds}

    def _kind_stats(self, kind: str, seed: int) -> InterventionStats:
        if kind == Kind.CRITIQUE:
            return self._critique_stats(kind, seed)
        scorer = None if kind.startswith("retarget") else INTERVENED_PREFIX + kind
        arms = {key: _summarise_arm(list(v.values()), scorer)
                for key, v in self._views.items() if key[0] == kind}
        steps = sorted({k[1] for k in arms})
        by_seed: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        reach: dict[int, list[float]] = defaultdict(list)
        n_pairs = n_decisions = 0
        for (_, step, pair, arm), a in arms.items():
            if arm != Arm.INTERVENED:
                continue
            c = arms.get((kind, step, pair, str(Arm.CONTROL)))
            if c is None or not (a.recorded and c.recorded):
                continue
            n_pairs += 1
            n_decisions += len(a.u)
            s = by_seed[pair]
            for name, x, y in (("obj", a.outcome, c.outcome), ("solved", a.solved, c.solved)):
                if x is not None and y is not None:
                    s[name + "_i"].append(x)
                    s[name + "_c"].append(y)
            if a.solved is not None:
                reach[step].append(a.solved)
            aligned = list(zip(a.choices, c.choices, strict=False))
            if aligned:
                s["agree"].append(float(np.mean([x == y for x, y in aligned])))
            ui, uc = _mean(a.u), _mean(c.u)
            if ui is not None and uc is not None:
                s["u_i"].append(ui)
                s["u_c"].append(uc)

        def seed_pairs(name: str) -> list[tuple[float | None, float | None]]:
            return [(_mean(s[name + "_i"]), _mean(s[name + "_c"])) for s in by_seed.values()]

        u_effect = effect_of(seed_pairs("u")) if scorer else Effect()
        diffs = [x - y for x, y in seed_pairs("u") if x is not None and y is not None]
        p = sign_flip_p(diffs, seed) if diffs else None
        rates = {step: float(np.mean(v)) for step, v in sorted(reach.items())}
        reaching = [step for step, rate in rates.items() if rate >= REACHED]
        agreement = [x for s in by_seed.values() for x in s["agree"]]
        return InterventionStats(
            kind=kind, scorer=scorer, n_pairs=n_pairs, n_seeds=len(by_seed), from_steps=steps,
            objective=effect_of(seed_pairs("obj")), solved=effect_of(seed_pairs("solved")),
            agreement=_mean(agreement), u_intervened=u_effect.intervened,
            u_control=u_effect.control, u_effect=u_effect, n_decisions=n_decisions,
            p_value=p, follows=p is not None and p < FOLLOW_ALPHA and (u_effect.effect or 0) > 0,
            reach_by_step=rates, last_reaching_step=max(reaching) if reaching else None,
        )

    def _critique_stats(self, kind: str, seed: int) -> InterventionStats:
        """Choice-flip rates against the unedited reference arm: the opposite critique's
        (intervened) and a same-length edit's elsewhere (control), paired by seed."""
        arms = {key: _summarise_arm(list(v.values()), None)
                for key, v in self._views.items() if key[0] == kind}
        by_seed: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        n_pairs = 0
        for (_, step, pair, arm), ref in arms.items():
            if arm != Arm.REFERENCE:
                continue
            a = arms.get((kind, step, pair, str(Arm.INTERVENED)))
            c = arms.get((kind, step, pair, str(Arm.CONTROL)))
            if a is None or c is None or not (a.choices and c.choices and ref.choices):
                continue
            n_pairs += 1
            s = by_seed[pair]
            s["flip_i"].append(float(a.choices[0] != ref.choices[0]))
            s["flip_c"].append(float(c.choices[0] != ref.choices[0]))
            for name, x, y in (("obj", a.outcome, c.outcome), ("solved", a.solved, c.solved)):
                if x is not None and y is not None:
                    s[name + "_i"].append(x)
                    s[name + "_c"].append(y)

        def seed_pairs(name: str) -> list[tuple[float | None, float | None]]:
            return [(_mean(s[name + "_i"]), _mean(s[name + "_c"])) for s in by_seed.values()]

        flips = effect_of(seed_pairs("flip"))
        diffs = [x - y for x, y in seed_pairs("flip") if x is not None and y is not None]
        p = sign_flip_p(diffs, seed) if diffs else None
        return InterventionStats(
            kind=kind, scorer=None, n_pairs=n_pairs, n_seeds=len(by_seed),
            from_steps=sorted({k[1] for k in arms}), objective=effect_of(seed_pairs("obj")),
            solved=effect_of(seed_pairs("solved")), agreement=None, u_intervened=None,
            u_control=None, u_effect=Effect(), n_decisions=n_pairs, p_value=p,
            follows=p is not None and p < FOLLOW_ALPHA and (flips.effect or 0) > 0,
            reach_by_step={}, last_reaching_step=None, flip=flips,
        )


def causal_verdict(verdict: Verdict, interventions: dict[str, InterventionStats]) -> Verdict:
    """`search-causal` when the selection test found search and an intervened evaluator is
    followed (the choices track the replaced scores at p < FOLLOW_ALPHA)."""
    if verdict.is_search and any(s.follows for s in interventions.values()):
        return Verdict.SEARCH_CAUSAL
    return verdict
