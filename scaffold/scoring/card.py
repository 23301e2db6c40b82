"""The search card: the report as typed rows (`CardRow`), for the CLI and the TUI panel."""

from __future__ import annotations

from scaffold.counted import counted
from scaffold.scoring.card_interventions import intervention_rows
from scaffold.scoring.card_rows import CardRow, RowKind, detail_row, field_row
from scaffold.scoring.labels import Verdict
from scaffold.scoring.report import ScoreReport
from scaffold.scoring.selection_stats import SelectionStats

LABELS = {
    Verdict.UNDETERMINED: "UNDETERMINED",
    Verdict.EXPLORATION_WITHOUT_SCORES: "EXPLORATION WITHOUT SCORES",
    Verdict.UNTESTABLE: "UNTESTABLE",
    Verdict.INSUFFICIENT_DATA: "INSUFFICIENT DATA",
    Verdict.NO_EVIDENCE: "NO EVIDENCE",
    Verdict.OPTIMISATION_WITHOUT_SEARCH: "OPTIMISATION WITHOUT SEARCH",
    Verdict.SELECTION_WITHOUT_BREADTH: "SELECTION WITHOUT BREADTH",
    Verdict.SEARCH_MODERATE: "SEARCH (moderate)",
    Verdict.SEARCH_STRONG: "SEARCH (strong)",
    Verdict.SEARCH_CAUSAL: "SEARCH (causal)",
}


def _f(value: float | None, fmt: str = ".2f") -> str:
    return "n/a" if value is None else format(value, fmt)


def _p(p: float, draws: int) -> str:
    floor = 1.0 / (draws + 1) if draws else 1.0
    return f"< {floor:.4f}" if p <= floor + 1e-12 else f"= {p:.4f}"


def _beta(s: SelectionStats) -> str:
    if s.beta is None:
        return "n/a"
    lo, hi = s.beta_ci or (s.beta, s.beta)
    if s.beta_capped and s.beta > 0:
        return f"≥{s.beta:.0f} (greedy) [{lo:.1f}, ∞)"
    if s.beta_capped:
        return f"≤{s.beta:.0f} (argmin) (-∞, {hi:.1f}]"
    return f"{s.beta:.2f} [{lo:.2f}, {hi:.2f}]"


def _selection_text(s: SelectionStats) -> str:
    ci = s.u_ci or (None, None)
    return (f"ū = {_f(s.u_bar)} [{_f(ci[0])}, {_f(ci[1])}]   β̂ = {_beta(s)}   "
            f"p_perm {_p(s.p_value, s.draws)}")


def _selection_rows(r: ScoreReport, s: SelectionStats) -> list[CardRow]:
    rows = [field_row("Objective", f"{s.scorer} ({s.kind})"),
            field_row("Selection", _selection_text(s))]
    frac = f" ({s.op_fraction:.0%} of max)" if s.op_fraction is not None else ""
    rows.append(detail_row(f"differential = {_f(s.differential)} sd   "
                           f"OP = {_f(s.op_bits)} bits/decision{frac}   z = {_f(s.z)}"))
    if r.anti_selection:
        rows.append(detail_row("selects against its evaluation "
                               f"(lower-tail p {_p(s.p_lower, s.draws)})"))
    for name, other in r.by_scorer.items():
        if name != s.scorer:
            n = "" if other.n_decisions == s.n_decisions else (
                f"   ({counted(other.n_decisions, 'decision')})")
            rows.append(CardRow("", f"vs {other.kind} {name}: {_selection_text(other)}{n}",
                                RowKind.OTHER_SCORER))
    d = r.disagreement
    if d:
        tail = "   DIVERGE" if d.get("diverges") else ""
        rows.append(detail_row(f"internal/external agreement ρ = {_f(d.get('rho'))}{tail}"))
    return rows


def _iteration_text(r: ScoreReport) -> str:
    parts = []
    if r.adaptivity.rho is not None:
        parts.append(f"adaptivity ρ = {r.adaptivity.rho:.2f}")
    if r.progress is not None and r.progress.mk_tau is not None:
        pr = r.progress
        parts.append(f"progress τ = {pr.mk_tau:.2f} (MK p = {pr.mk_p:.3g}, "
                     f"up-moves {_f(pr.improve_rate)}) on {pr.source}")
    return "; ".join(parts)


def render_card(report: ScoreReport) -> list[CardRow]:
    """The card's rows (no markup). Callers must still treat `path` as untrusted."""
    r, s = report, report.selection
    scope = f"{r.n_transcripts} transcripts pooled" if r.n_transcripts > 1 else r.path
    head = (f"{LABELS.get(r.verdict, r.verdict)} — regime {r.regime}, "
            f"{counted(r.n_decisions, 'decision')}, {counted(r.n_steps, 'step')}")
    rows = [CardRow("VERDICT", head, RowKind.VERDICT), field_row("Source", scope)]
    if s is not None and s.n_decisions:
        rows += _selection_rows(r, s)
    if r.fisher:
        rows.append(field_row("Pooling", f"Fisher over {counted(r.fisher['n_runs'], 'run')}: "
                                         f"p = {r.fisher['p_value']:.3g}"))
    if r.explore is not None:
        e = r.explore
        rows.append(field_row("Explore", f"value given exploration: ū = {_f(e.u_bar)} within "
                                         f"{e.n_tied} tie groups of {e.n_decisions} choices, "
                                         f"p = {e.p_value:.3g}; β̂_value = {e.beta_value:.2f}, "
                                         f"β̂_explore = {e.beta_explore:.2f}; power "
                                         f"{e.power:.2f} to detect ū = {e.target_u}"))
    if r.tree is not None and r.tree.explores:
        t = r.tree
        rows.append(field_row("Tree", f"{t.nodes} nodes, depth {t.max_depth}: "
                                      f"{t.branch_points_below_root} branch points below the "
                                      f"root, {t.interior_returns} returns to interior nodes, "
                                      f"{t.prunes} prunes"))
    b = r.breadth
    cov = f"; coverage {r.coverage:.2f}" if r.coverage is not None else ""
    if b.mean is not None:
        rows.append(field_row("Breadth", f"N_eff = {b.mean:.2f} candidates/decision "
                                         f"({b.share_below_1_5:.0%} below 1.5, "
                                         f"{b.n_measured} measured){cov}"))
    elif cov:
        rows.append(field_row("Breadth", f"n/a{cov}"))
    iteration = _iteration_text(r)
    if iteration:
        rows.append(field_row("Iteration", iteration))
    g = r.gain_vs_blind
    if g is not None:
        rows.append(field_row("Gain", f"best kept so far {g.observed:.3g} on average, "
                                      f"{g.null_mean:.3g} if the same pools were chosen blind "
                                      f"(p {_p(g.p_value, g.draws)})"))
    rows += intervention_rows(r.interventions)
    if r.type or r.shape:
        sh = r.shape
        extra = ""
        if sh and sh.backtrack_rate is not None:
            extra = f" (backtracks {sh.backtrack_rate:.2f}/decision)"
        rows.append(field_row("Type", f"{r.type or 'n/a'}{extra}"))
    if r.commitment is not None:
        c = r.commitment
        rows.append(field_row("Commitment", f"decision stable from t/T = {_f(c.stable_from)}; "
                                            f"entropy slope {_f(c.entropy_slope)}"))
    if r.power is not None:
        pw = r.power
        reach = "" if pw.reachable else " (ū = 0.75 out of reach here)"
        rows.append(field_row("Power", f"{pw.power:.2f} to detect ū = {pw.target_u} at "
                                       f"α = {pw.alpha}{reach}; min detectable ū = "
                                       f"{_f(pw.min_detectable_u)}"))
    rows += [field_row("Warning", w.text) for w in r.warnings]
    return rows
