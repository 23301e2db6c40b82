"""The card's rows for the `interventions` block: one row per kind, details under it."""

from __future__ import annotations

from scaffold.scoring.card_rows import CardRow, detail_row, field_row
from scaffold.scoring.intervention_stats import Effect, InterventionStats


def _f(value: float | None, fmt: str = ".2f") -> str:
    return "n/a" if value is None else format(value, fmt)


def _effect(name: str, e: Effect) -> str:
    if e.effect is None:
        return f"{name} n/a"
    ci = f" [{_f(e.ci[0])}, {_f(e.ci[1])}]" if e.ci else ""
    return (f"{name} {_f(e.intervened)} vs {_f(e.control)} (Δ {e.effect:+.2f}{ci})")


def _follow_text(s: InterventionStats) -> str:
    if s.flip is not None:
        f = s.flip
        return (f"choice flipped by the opposite critique {_f(f.intervened)} vs by a "
                f"same-length edit {_f(f.control)}, paired p = {_f(s.p_value, '.4f')}")
    if s.scorer is None:
        return "objective changed"
    if s.p_value is None:
        return "choices vs replaced scores n/a (no informative decisions)"
    verb = "FOLLOW" if s.follows else "do not follow"
    return (f"choices {verb} the replaced scores: ū {_f(s.u_intervened)} vs control "
            f"{_f(s.u_control)}, paired p = {s.p_value:.4f}")


def intervention_rows(blocks: dict[str, InterventionStats]) -> list[CardRow]:
    """`Intervene` rows: per kind, whether the choices follow and what the outcome did."""
    rows: list[CardRow] = []
    for kind, s in blocks.items():
        label = "Intervene" if not rows else ""
        head = f"{kind}: {_follow_text(s)} ({s.n_seeds} seeds, {s.n_pairs} pairs)"
        rows.append(field_row(label, head) if label else detail_row(head))
        parts = [_effect("objective", s.objective), _effect("solved", s.solved),
                 f"same choices {_f(s.agreement)}"]
        if s.last_reaching_step is not None and s.scorer is None:
            parts.append(f"reaches it from step ≤ {s.last_reaching_step}")
        rows.append(detail_row("  " + "; ".join(parts)))
    return rows
