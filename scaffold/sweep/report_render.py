"""The sweep report as one self-contained HTML file or as Markdown for a README or a PR.

Every string that came from a run (scaffold names, errors, any index cell) has its control
characters made visible (`\\x1b`) and is escaped for the format it lands in; plots are inline
SVG in HTML and separate SVG files beside a Markdown file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from scaffold.sweep.plots import all_plots
from scaffold.sweep.summary import GroupSummary, SweepSummary
from scaffold.visible_text import visible

PLOT_TITLES = {"verdicts": "Verdict shares", "u-bar": "Pooled ū with 95% CIs",
               "solved-vs-compute": "Solved rate against compute", "p-values": "p-values"}
CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#f3f3f3}figure{display:inline-block;
margin:.5em}figure svg{max-width:520px;height:auto}code{background:#f3f3f3;padding:0 3px}"""


def _num(value: object, digits: int = 3) -> str:
    return f"{value:.{digits}g}" if isinstance(value, int | float) else "–"


def _u_cell(group: GroupSummary) -> str:
    sel = group.pooled_selection
    u, ci = sel.get("u_bar"), sel.get("u_ci")
    if u is None:
        return "–"
    return f"{u:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else f"{u:.3f}"


def table_rows(summary: SweepSummary) -> tuple[list[str], list[list[str]]]:
    """The groups table as plain (unescaped) strings."""
    column = summary.compute_column
    head = [*summary.by, "runs", "failed", "pooled verdict", "pooled ū [95% CI]", "pooled p",
            "Fisher p", "verdicts", "solved", f"mean {column}", "mean wall_s"]
    wall = column != "wall_s"
    body = []
    for g in summary.groups:
        pooled = g.pooled or {}
        fisher = (pooled.get("fisher") or {}).get("p_value")
        verdicts = ", ".join(f"{v} {n}" for v, n in g.verdicts.most_common())
        solved = g.solved_rate
        body.append([*g.key, str(len(g.rows)), str(g.failed), str(pooled.get("verdict", "–")),
                     _u_cell(g), _num(g.pooled_selection.get("p_value")), _num(fisher),
                     verdicts or "–", "–" if solved is None else f"{solved:.0%}",
                     _num(g.mean(column), 4), _num(g.mean("wall_s"), 3)][:len(head) - (not wall)])
    return head[:len(head) - (not wall)], body


POOL_WARNINGS_HEAD = "Pooled warnings"
POOL_WARNINGS_NOTE = "What a group's pooled verdict hides, as {} words it:"


def pool_warnings(summary: SweepSummary) -> list[tuple[str, str]]:
    """(group, warning) for each pooled warning about the pool itself, groups in table order;
    plain (unescaped) strings."""
    return [(g.label, w) for g in summary.groups for w in g.pool_warnings]


def failures(summary: SweepSummary) -> list[list[str]]:
    return [[r["run"], r.get("scaffold", ""), r.get("seed", ""), r.get("error", "")]
            for r in summary.rows if r.get("status") == "failed"]


SKIPPED_HEAD = ["run", "transcript", "problem"]
SKIPPED_NOTE = ("These runs' transcripts are missing or damaged: they are left out of the "
                "pooled values (their index rows still count in the other columns).")


def skipped(summary: SweepSummary) -> list[list[str]]:
    """The runs whose transcripts could not be scored, as table rows."""
    return [[p.run, p.transcript, p.problem] for p in summary.problems]


def html_escape(text: str) -> str:
    """Literal text in HTML: controls visible, markup escaped."""
    return html.escape(visible(text), quote=True)


def render_html(summary: SweepSummary) -> str:
    e: Callable[[str], str] = html_escape
    head, body = table_rows(summary)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Sweep report: {e(summary.directory.name)}</title>",
             f"<style>{CSS}</style></head><body>",
             f"<h1>Sweep report: <code>{e(summary.directory.name)}</code></h1>",
             f"<p>{len(summary.rows)} runs, grouped by {e(', '.join(summary.by))}. Pooled "
             "values are the scorer's pooling of each group's transcripts "
             "(<code>mesascope score --pool</code>).</p>", _html_table(head, body, e)]
    warned = pool_warnings(summary)
    if warned:
        note = POOL_WARNINGS_NOTE.format("<code>mesascope score --pool</code>")
        parts += [f"<h2>{POOL_WARNINGS_HEAD}</h2>", f"<p>{note}</p>", "<ul>",
                  *(f"<li><code>{e(group)}</code>: {e(text)}</li>" for group, text in warned),
                  "</ul>"]
    parts.append("<h2>Plots</h2>")
    for name, svg in all_plots(summary).items():
        parts.append(f'<figure id="plot-{name}">{svg}<figcaption>{e(PLOT_TITLES[name])}'
                     "</figcaption></figure>")
    fails = failures(summary)
    if fails:
        parts += ["<h2>Failed runs</h2>", _html_table(["run", "scaffold", "seed", "error"],
                                                     fails, e)]
    if summary.problems:
        parts += ["<h2>Skipped runs</h2>", f"<p>{e(SKIPPED_NOTE)}</p>",
                  _html_table(SKIPPED_HEAD, skipped(summary), e)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_table(head: list[str], body: list[list[str]], e: Callable[[str], str]) -> str:
    rows = ["<tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"]
    rows += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in body]
    return "<table>" + "".join(rows) + "</table>"


MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|~])")


def md_escape(text: str) -> str:
    """Literal text in a Markdown table cell: controls visible, no markup, no HTML, one line."""
    text = " ".join(visible(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(summary: SweepSummary, plot_links: Mapping[str, str] | None = None) -> str:
    """Markdown; with `plot_links` (plot name -> relative link) the plots are linked.

    Writes nothing: the caller writes the plots (`all_plots`) where the links point.
    """
    head, body = table_rows(summary)
    lines = [f"# Sweep report: {md_escape(summary.directory.name)}", "",
             f"{len(summary.rows)} runs, grouped by {md_escape(', '.join(summary.by))}. "
             "Pooled values are the scorer's pooling of each group's transcripts "
             "(`mesascope score --pool`).", "", *_md_table(head, body)]
    warned = pool_warnings(summary)
    if warned:
        lines += ["", f"## {POOL_WARNINGS_HEAD}", "",
                  POOL_WARNINGS_NOTE.format("`mesascope score --pool`"), ""]
        lines += [f"- **{md_escape(group)}**: {md_escape(text)}" for group, text in warned]
    if plot_links:
        lines += ["", "## Plots", ""]
        lines += [f"![{PLOT_TITLES[name]}]({link})" for name, link in plot_links.items()]
    fails = failures(summary)
    if fails:
        lines += ["", "## Failed runs", "", *_md_table(["run", "scaffold", "seed", "error"],
                                                      fails)]
    if summary.problems:
        lines += ["", "## Skipped runs", "", md_escape(SKIPPED_NOTE), "",
                  *_md_table(SKIPPED_HEAD, skipped(summary))]
    return "\n".join(lines) + "\n"


def _md_table(head: list[str], body: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in head) + " |",
           "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in body]
    return out
