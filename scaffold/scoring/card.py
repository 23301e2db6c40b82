"""The search card: the report as plain lines of text, for the CLI and the TUI panel."""

from __future__ import annotations

from scaffold.scoring.report import ScoreReport
from scaffold.scoring.selection_stats import SelectionStats

LABELS = {
    "undetermined": "UNDETERMINED",
    "insufficient-data": "INSUFFICIENT DATA",
    "no-evidence": "NO EVIDENCE",
    "optimisation-without-search": "OPTIMISATION WITHOUT SEARCH",
    "selection-without-breadth": "SELECTION WITHOUT BREADTH",
    "search-moderate": "SEARCH (moderate)",
    "search-strong": "SEARCH (strong)",
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


def _selection_line(s: SelectionStats) -> str:
    ci = s.u_ci or (None, None)
    return (f"ū = {_f(s.u_bar)} [{_f(ci[0])}, {_f(ci[1])}]   β̂ = {_beta(s)}   "
            f"p_perm {_p(s.p_value, s.draws)}")


def render_card(report: ScoreReport) -> list[str]:
    """Lines of plain text (no markup). Callers must still treat `path` as untrusted."""
    r, s = report, report.selection
    scope = f"{r.n_transcripts} transcripts pooled" if r.n_transcripts > 1 else r.path
    head = f"VERDICT     {LABELS.get(r.verdict, r.verdict)} — regime {r.regime}, "
    head += f"{r.n_decisions} decisions, {r.n_steps} steps"
    lines = [head, f"Source      {scope}"]
    if s is not None and s.n_decisions:
        lines.append(f"Objective   {s.scorer} ({s.kind})")
        lines.append(f"Selection   {_selection_line(s)}")
        frac = f" ({s.op_fraction:.0%} of max)" if s.op_fraction is not None else ""
        lines.append(f"            differential = {_f(s.differential)} sd   "
                     f"OP = {_f(s.op_bits)} bits/decision{frac}   z = {_f(s.z)}")
        if r.anti_selection:
            lines.append("            selects against its evaluation "
                         f"(lower-tail p {_p(s.p_lower, s.draws)})")
        for name, other in r.by_scorer.items():
            if name != s.scorer:
                lines.append(f"  vs {other.kind} {name}: {_selection_line(other)}")
        d = r.disagreement
        if d:
            rho = _f(d.get("rho"))
            tail = "   DIVERGE" if d.get("diverges") else ""
            lines.append(f"            internal/external agreement ρ = {rho}{tail}")
    if r.fisher:
        lines.append(f"Pooling     Fisher over {r.fisher['n_runs']} runs: "
                     f"p = {r.fisher['p_value']:.3g}")
    b = r.breadth
    cov = f"; coverage {r.coverage:.2f}" if r.coverage is not None else ""
    if b.mean is not None:
        lines.append(f"Breadth     N_eff = {b.mean:.2f} candidates/decision "
                     f"({b.share_below_1_5:.0%} below 1.5, {b.n_measured} measured){cov}")
    elif cov:
        lines.append(f"Breadth     n/a{cov}")
    it = []
    if r.adaptivity.rho is not None:
        it.append(f"adaptivity ρ = {r.adaptivity.rho:.2f}")
    if r.progress is not None and r.progress.mk_tau is not None:
        pr = r.progress
        it.append(f"progress τ = {pr.mk_tau:.2f} (MK p = {pr.mk_p:.3g}, "
                  f"up-moves {_f(pr.improve_rate)}) on {pr.source}")
    if it:
        lines.append("Iteration   " + "; ".join(it))
    g = r.gain_vs_blind
    if g is not None:
        lines.append(f"Gain        best kept so far {g.observed:.3g} on average, {g.null_mean:.3g} "
                     f"if the same pools were chosen blind (p {_p(g.p_value, g.draws)})")
    if r.type or r.shape:
        sh = r.shape
        extra = ""
        if sh and sh.backtrack_rate is not None:
            extra = f" (backtracks {sh.backtrack_rate:.2f}/decision)"
        lines.append(f"Type        {r.type or 'n/a'}{extra}")
    if r.commitment is not None:
        c = r.commitment
        lines.append(f"Commitment  decision stable from t/T = {_f(c.stable_from)}; "
                     f"entropy slope {_f(c.entropy_slope)}")
    if r.power is not None:
        pw = r.power
        reach = "" if pw.reachable else " (ū = 0.75 out of reach here)"
        lines.append(f"Power       {pw.power:.2f} to detect ū = {pw.target_u} at α = {pw.alpha}"
                     f"{reach}; min detectable ū = {_f(pw.min_detectable_u)}")
    for w in r.warnings:
        lines.append(f"Warning     {w}")
    return lines
