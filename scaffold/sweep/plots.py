"""The report's plots as inline SVG (matplotlib, Agg): text drawn as paths, so no font or
file is fetched and no label can inject markup; fixed hash salt and no date, so a report of
the same sweep is the same bytes."""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

from scaffold.scoring.labels import Verdict
from scaffold.scoring.report import VERDICTS
from scaffold.sweep.summary import SweepSummary
from scaffold.visible_text import visible

VERDICT_COLOURS = {
    Verdict.UNDETERMINED: "#bbbbbb", Verdict.EXPLORATION_WITHOUT_SCORES: "#c39bd3",
    Verdict.UNTESTABLE: "#e5e5e5", Verdict.INSUFFICIENT_DATA: "#dddddd",
    Verdict.NO_EVIDENCE: "#9e9e9e", Verdict.OPTIMISATION_WITHOUT_SEARCH: "#f0b27a",
    Verdict.SELECTION_WITHOUT_BREADTH: "#f7dc6f", Verdict.SEARCH_MODERATE: "#82e0aa",
    Verdict.SEARCH_STRONG: "#27ae60", Verdict.SEARCH_CAUSAL: "#145a32",
}
"""One colour per verdict (every member of `VERDICTS`; a test checks none is missing)."""
SIZE = (6.4, 3.2)
METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
"""matplotlib's RDF block: namespaces and a link to its site, nothing a reader needs."""


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": "mesascope",
                         "font.size": 9})
    return plt


def plain(text: str) -> str:
    """A label shown as `visible(text)`: controls as `\\x1b`, no `$...$` read as mathtext.

    Outside mathtext matplotlib shows backslashes as they are, so only `$` is escaped.
    """
    return visible(text).replace("$", r"\$")


def _svg(fig: Any) -> str:
    plt = _plt()
    buf = io.StringIO()
    with warnings.catch_warnings():  # "Glyph N (c) missing": it would print c raw on stderr
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return METADATA.sub("", text[text.index("<svg"):])


def verdict_shares(summary: SweepSummary) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=SIZE)
    labels = [plain(g.label) for g in summary.groups]
    left = [0.0] * len(labels)
    for verdict in VERDICTS:
        shares = [g.verdicts.get(verdict, 0) / max(sum(g.verdicts.values()), 1)
                  for g in summary.groups]
        if any(shares):
            ax.barh(labels, shares, left=left, color=VERDICT_COLOURS[verdict], label=verdict,
                    edgecolor="white")
            left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of runs")
    ax.set_title("Verdicts per group")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _svg(fig)


def u_bar_ci(summary: SweepSummary) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=SIZE)
    for i, group in enumerate(summary.groups):
        sel = group.pooled_selection
        u, ci = sel.get("u_bar"), sel.get("u_ci")
        if u is None:
            continue
        lo, hi = ci if ci else (u, u)
        ax.errorbar([u], [i], xerr=[[max(u - lo, 0)], [max(hi - u, 0)]], fmt="o",
                    color="#1f4e79", capsize=4)
    ax.axvline(0.5, color="#888888", linestyle="--", linewidth=1, label="blind selection")
    ax.set_yticks(range(len(summary.groups)), [plain(g.label) for g in summary.groups])
    ax.set_ylim(-0.6, len(summary.groups) - 0.4)
    ax.set_xlim(0, 1)
    ax.set_xlabel("pooled ū (mid-rank of the kept candidates), 95% CI")
    ax.set_title("Selection on the evaluation per group")
    ax.legend(fontsize=7, loc="lower left")
    return _svg(fig)


def solved_vs_compute(summary: SweepSummary) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=SIZE)
    column = summary.compute_column
    for group in summary.groups:
        x, y = group.mean(column), group.solved_rate
        if x is None or y is None:
            continue
        ax.scatter([x], [y], s=36)
        ax.annotate(plain(group.label), (x, y), textcoords="offset points", xytext=(5, 4),
                    fontsize=7)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(f"mean {column} per run")
    ax.set_ylabel("solved rate")
    ax.set_title("Solved rate against compute")
    return _svg(fig)


def p_histogram(summary: SweepSummary) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=SIZE)
    ax.hist(summary.p_values, bins=20, range=(0, 1), color="#1f4e79", edgecolor="white")
    ax.set_xlabel("per-run p-value (selection test)")
    ax.set_ylabel("runs")
    ax.set_title("p-values of the runs")
    return _svg(fig)


PLOTS = {"verdicts": verdict_shares, "u-bar": u_bar_ci, "solved-vs-compute": solved_vs_compute,
         "p-values": p_histogram}


def all_plots(summary: SweepSummary) -> dict[str, str]:
    return {name: draw(summary) for name, draw in PLOTS.items()}
