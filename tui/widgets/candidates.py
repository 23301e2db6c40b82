"""The highlighted candidate's detail pane: its full text, scores and token logprobs, or a grid of
image candidates. The table itself is `tui.widgets.candidate_table.CandidateTable`."""

from __future__ import annotations

import math

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from scaffold.transcript.events import Candidate
from scaffold.transcript.steps import StepView
from tui.safe_text import inert, one_line
from tui.widgets.candidate_table import CandidateTable, score_text
from tui.widgets.pixels import HalfBlockImage
from tui.widgets.rendered_scroll import RenderedScroll

__all__ = ["CandidateDetail", "CandidateTable", "attr_lines", "image_grid", "token_lines"]

MAX_TOKENS_SHOWN = 160
GRID_LIMIT = 24


def token_lines(c: Candidate) -> Text:
    """Each generated token, its logprob, and the model's top alternatives at that position."""
    out = Text()
    for tok in (c.tokens or [])[:MAX_TOKENS_SHOWN]:
        prob = math.exp(tok.logprob) if math.isfinite(tok.logprob) else 0.0
        style = "green" if prob > 0.5 else ("yellow" if prob > 0.1 else "red")
        out.append(f"{one_line(repr(tok.token), 18):<18}", style=style)
        out.append(f" {tok.logprob:7.3f}  ", style="dim")
        for alt in tok.top[:5]:
            out.append(f"{one_line(repr(alt.token), 14)} {alt.logprob:.2f}  ", style="dim")
        out.append("\n")
    hidden = len(c.tokens or []) - MAX_TOKENS_SHOWN
    if hidden > 0:
        out.append(f"… {hidden} more tokens", style="dim")
    out.rstrip()
    return out


def _attr_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        more = ", …" if len(value) > 12 else ""
        return "[" + ", ".join(_attr_value(v) for v in value[:12]) + more + "]"
    return str(value)


def attr_lines(c: Candidate, limit: int = 400) -> list[Text]:
    """The candidate's attrs: short values as `key value` pairs on one wrapped line (keys with
    the same value share it: "expr/move 4 + 4"), then each multi-line string (e.g. the model's
    raw output before parsing) as its own labelled block."""
    keys: dict[str, list[str]] = {}  # each shown value with the keys that hold it
    blocks: list[Text] = []
    for key, value in c.attrs.items():
        if isinstance(value, str) and "\n" in value and value.strip() != (c.text or "").strip():
            block = Text(f"{one_line(key, 24)}\n", style="dim")
            block.append(inert(value[:limit]) + ("…" if len(value) > limit else ""))
            blocks.append(block)
            continue
        keys.setdefault(one_line(_attr_value(value), 80), []).append(one_line(key, 24))
    pairs = Text()
    for shown, named in keys.items():  # "expr/move 4 + 4": one value said once
        if pairs:
            pairs.append("   ")
        pairs.append(f"{'/'.join(named)} ", style="dim")
        pairs.append(shown)
    return ([pairs] if pairs else []) + blocks


def image_grid(view: StepView, width: int, highlighted: str | None) -> Table:
    """Thumbnails of image candidates with their first score; kept ones marked ✓."""
    first_score: dict[str, float | None] = {}
    for s in view.scores:
        first_score.setdefault(s.candidate, s.value)
    cell = 18
    per_row = max(1, width // cell)
    grid = Table.grid(padding=(0, 1))
    for _ in range(per_row):
        grid.add_column(width=cell - 1)
    cells: list[RenderableType] = []
    for c in view.candidates[:GRID_LIMIT]:
        if c.image is None:
            continue
        label = Text(("✓" if c.id in view.chosen else " ") + one_line(c.id, 8))
        value = first_score.get(c.id)
        label.append(f" {value:.2f}" if value is not None and math.isfinite(value) else "")
        if c.id == highlighted:
            label.stylize("reverse")
        cells.append(Group(label, HalfBlockImage(c.image.to_array(), max_cols=16, max_rows=8)))
    for i in range(0, len(cells), per_row):
        row = cells[i : i + per_row]
        grid.add_row(*row, *[Text("")] * (per_row - len(row)))
    return grid


class CandidateDetail(RenderedScroll):
    """Full text, scores and tokens of the highlighted candidate (or the image grid)."""

    DEFAULT_CSS = """
    CandidateDetail { height: 1fr; padding: 0 1; }
    """

    def show_candidate(self, view: StepView | None, c: Candidate | None) -> None:
        if view is None or c is None:
            self.show(Text("no candidates at this step", style="dim"))
            return
        parts: list[RenderableType] = []
        head = Text(f"candidate {one_line(c.id, 24)}", style="bold")
        if c.id in view.chosen:
            head.append("  ✓ kept", style="bold green")
        if c.parent:
            head.append(f"  from {one_line(c.parent, 24)}", style="dim")
        parts.append(head)
        for s in view.scores_for(c.id):
            line = Text(f"{one_line(s.scorer, 20)} ({s.kind}) ", style="dim")
            line.append_text(score_text(s.value))
            if s.detail:
                line.append(f"  {one_line(s.detail, 60)}", style="dim")
            parts.append(line)
        if c.text is not None:
            parts.append(Text(inert(c.text)))
        parts.extend(attr_lines(c))
        if c.tokens:
            parts.append(Text("tokens  logprob  top alternatives", style="bold"))
            parts.append(token_lines(c))
        if any(x.image is not None for x in view.candidates):
            parts.append(image_grid(view, max(20, self.scrollable_content_region.width), c.id))
        self.show(Group(*parts))
