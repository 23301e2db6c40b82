"""The step's candidates as a light table: id, summary, every score, the kept mark.

A Line API widget rather than Textual's DataTable: each row is one Rich `Text` rendered to a
strip once per step, where DataTable renders every cell through its own Rich pipeline and
then repaints a second time to restore its cursor, which cost most of a keypress's budget
(benchmarks/tui_keypress.py, docs/benchmarks.md). Rows zebra-striped, the cursor row
highlighted, header fixed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scaffold.implicit.view import derived_view, task_of
from scaffold.transcript.events import Candidate
from scaffold.transcript.steps import StepView
from tui.safe_text import one_line
from tui.widgets.rendered_scroll import set_virtual_size

MIN_SUMMARY_WIDTH = 16
MAX_SUMMARY_WIDTH = 72
CELL_PADDING = 1


def candidate_summary(c: Candidate, limit: int = MAX_SUMMARY_WIDTH, skip: int = 0) -> Text:
    """One line of the candidate; `skip` leading characters (lines already shown elsewhere,
    see `shared_prefixes`) replaced by a dim `…`."""
    if c.text is not None:
        if 0 < skip < len(c.text):
            out = Text("… ", style="dim")
            out.append(one_line(c.text[skip:], max(1, limit - 2)))
            return out
        return Text(one_line(c.text, limit))
    if c.image is not None:
        shape = "×".join(str(n) for n in c.image.shape)
        return Text(f"▦ image {shape}", style="cyan")
    return Text("—", style="dim")


def _line_starts(text: str) -> Iterator[int]:
    """Offsets just after each newline of `text` (where a following line starts)."""
    at = text.find("\n")
    while 0 <= at < len(text) - 1:
        yield at + 1
        at = text.find("\n", at + 1)


def shared_prefixes(view: StepView) -> dict[str, int]:
    """For each text candidate, how many leading characters are whole lines it shares with
    the others: the lines its siblings (same parent) all begin with, or lines of the step's
    state. Tree-of-Thoughts candidates repeat their parent's lines before the new one, so
    their rows would all look alike; the table shows what differs (the full text stays in
    the detail pane and in search). At least one line is always left."""
    texts = {c.id: c.text for c in view.candidates if c.text}
    if not any("\n" in text for text in texts.values()):
        return {}  # one-line candidates: nothing to leave out
    groups: dict[str | None, list[str]] = {}
    for c in view.candidates:
        if c.text:
            groups.setdefault(c.parent, []).append(c.text)
    common = {parent: _common_prefix_len(siblings) if len(siblings) > 1 else 0
              for parent, siblings in groups.items()}
    state = view.state.text if view.state is not None and view.state.text else ""
    state_lines = {line.strip() for line in state.splitlines() if line.strip()}
    out: dict[str, int] = {}
    for c in view.candidates:
        text = texts.get(c.id)
        if not text:
            continue
        skip = 0
        for start in _line_starts(text):
            line = text[skip:start].strip()
            if start <= common[c.parent] or (line and line in state_lines):
                skip = start
            else:
                break
        if skip and text[skip:].strip():
            out[c.id] = skip
    return out


def _common_prefix_len(texts: list[str]) -> int:
    """Characters every text begins with (those of the least and greatest are enough)."""
    first, last = min(texts), max(texts)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return n


def no_derived_reason(view: StepView) -> str | None:
    """Why the step has no derived decisions (they are found in a text state), or None."""
    state = view.state
    if state is None:
        return "the step has no state"
    if state.image is not None:
        return "the state is an image"
    if not state.text:
        return "the state has no text"
    return None


def score_text(value: float | None) -> Text:
    if value is None or not math.isfinite(value):
        return Text("n/a", style="dim")
    return Text(f"{value:.4g}")


def scorer_columns(view: StepView) -> list[tuple[str, str]]:
    """(scorer, kind) pairs in first-seen order."""
    seen: dict[tuple[str, str], None] = {}
    for s in view.scores:
        seen.setdefault((s.scorer, s.kind), None)
    return list(seen)


def table_cells(view: StepView) -> tuple[list[Text], list[list[Text]]]:
    """Header labels and one row of cells per candidate."""
    scorers = scorer_columns(view)
    header = [Text("sel"), Text("id"), Text("candidate")]
    for name, kind in scorers:
        label = Text(one_line(name, 14))
        label.append(" int" if kind == "internal" else " ext", style="dim")
        header.append(label)
    values: dict[tuple[str, str, str], float | None] = {}
    for s in view.scores:
        values[(s.candidate, s.scorer, s.kind)] = s.value
    rows = []
    skips = shared_prefixes(view)
    for c in view.candidates:
        mark = Text.assemble(("✓", "bold green")) if c.id in view.chosen else Text("")
        cells = [mark, Text(one_line(c.id, 16)), candidate_summary(c, skip=skips.get(c.id, 0))]
        cells += [score_text(values.get((c.id, n, k))) for n, k in scorers]
        rows.append(cells)
    return header, rows


class CandidateTable(ScrollView):
    """One row per candidate; columns are sel, id, summary and one per (scorer, kind)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "candidate-table--header",
        "candidate-table--even-row",
        "candidate-table--cursor",
        "candidate-table--hover",
    }
    DEFAULT_CSS = """
    CandidateTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .candidate-table--header { text-style: bold; background: $panel; }
        & > .candidate-table--even-row { background: $surface-darken-1 40%; }
        & > .candidate-table--hover { background: $block-hover-background; }
        & > .candidate-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class Highlighted(Message):
        """The user put the cursor on another row (a click)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: StepView | None = None
        self.cursor_row = 0
        self.hover_row = -1
        self._header: list[Text] = []
        self._rows: list[list[Text]] = []
        self._widths: list[int] = []
        self._strips: dict[tuple[int, Style, Style | None], Strip] = {}
        self._frame_styles: dict[str, Style] = {}

    @property
    def row_count(self) -> int:
        return len(self._rows)

    derived = False
    """Show the options found inside the state's text instead of the recorded ones (key d)."""

    empty_note: Text | None = None
    """In the derived view with no rows, the line that says why (under the header)."""

    def show(self, view: StepView) -> None:
        """Show `view`'s candidates, cursor on the first row."""
        self.empty_note = None
        if self.derived:
            reason = no_derived_reason(view)
            if reason is None:
                header = getattr(getattr(self.app, "store", None), "header", None)
                view = derived_view(view, task_of(header))
            else:
                view = StepView.from_events(view.step, [view.state] if view.state else [])
            if not view.candidates:
                self.empty_note = Text(
                    f"derived: none, {reason or 'no options found in its text'}"
                    " · d: the recorded candidates", style="italic")
        self.view = view
        self._header, self._rows = table_cells(view)
        self._fit_widths()
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        chosen = len(view.chosen)
        self.border_subtitle = Text(
            ("derived · " if self.derived else "")
            + f"{len(view.candidates)} candidates · kept {chosen}"
            + (" · rule: " + one_line(view.select.rule, 30) if view.select else "")
        )
        self.refresh()

    def _fit_widths(self) -> None:
        """Column widths: each score column as wide as its label or values, and the summary
        column as wide as its text but no wider than the room the others leave (nor under
        MIN_SUMMARY_WIDTH), so the scores stay in view; when even that does not fit, the table
        scrolls sideways."""
        columns = list(zip(self._header, *self._rows, strict=False)) if self._rows else [
            (label,) for label in self._header
        ]
        self._widths = [max(c.cell_len for c in column) for column in columns]
        self._widths[0] = 3
        if len(self._widths) > 2:
            padding = 2 * CELL_PADDING * len(self._widths)
            others = sum(self._widths) - self._widths[2]
            room = self.scrollable_content_region.width - padding - others
            natural = min(self._widths[2], MAX_SUMMARY_WIDTH)
            self._widths[2] = max(min(MIN_SUMMARY_WIDTH, natural), min(room, natural))
        self._strips.clear()
        set_virtual_size(self, Size(sum(w + 2 * CELL_PADDING for w in self._widths),
                                    len(self._rows) + 1))

    def on_resize(self, _event: events.Resize) -> None:
        if self._header:
            self._fit_widths()
            self.refresh()

    def move_cursor(self, *, row: int) -> None:
        if not self._rows:
            return
        self.cursor_row = max(0, min(row, len(self._rows) - 1))
        top = int(self.scroll_y)
        visible = max(1, self.size.height - 1)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)
        self._strips.clear()
        self.refresh()

    def highlighted(self) -> Candidate | None:
        if self.view is None or not self.view.candidates:
            return None
        row = self.cursor_row
        return self.view.candidates[row] if 0 <= row < len(self.view.candidates) else None

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles once a frame, not twice a row (each walks the DOM).
        self._frame_styles = self._styles_now()
        return super().render_lines(crop)

    def _styles_now(self) -> dict[str, Style]:
        base = self.rich_style
        out = {"base": base}
        for part in ("header", "cursor", "hover", "even-row"):
            out[part] = self.get_component_rich_style(f"candidate-table--{part}")
        for part in ("header", "hover", "even-row"):
            out[part] = base + out[part]
        return out

    def _row_styles(self, row: int) -> tuple[Style, Style | None]:
        """Under and over the cells' own styles: the cursor's colours win, as in DataTable."""
        styles = self._frame_styles or self._styles_now()
        if row == -1:
            return styles["header"], None
        if row == self.cursor_row:
            return styles["base"], styles["cursor"]
        if row == self.hover_row:
            return styles["hover"], None
        if row % 2 == 0:
            return styles["even-row"], None
        return styles["base"], None

    def _row_strip(self, row: int) -> Strip:
        """The whole row (all columns, unscrolled), cached until the step or cursor moves."""
        under, over = self._row_styles(row)
        strip = self._strips.get((row, under, over))
        if strip is None:
            cells = self._header if row == -1 else self._rows[row]
            line = Text(no_wrap=True, overflow="crop", end="")
            pad = " " * CELL_PADDING
            for cell, width in zip(cells, self._widths, strict=False):
                shown = cell.copy()
                shown.truncate(width, overflow="ellipsis", pad=True)
                line.append(pad)
                line.append_text(shown)
                line.append(pad)
            segments = Segment.apply_style(line.render(self.app.console), under, over)
            strip = Strip(list(segments), line.cell_len)
            self._strips[(row, under, over)] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        row = -1 if y == 0 else scroll_y + y - 1
        if row == 0 and not self._rows and self.empty_note is not None:
            line = Text(" " * CELL_PADDING, no_wrap=True, overflow="crop", end="")
            line.append_text(self.empty_note)
            segments = Segment.apply_style(line.render(self.app.console), self.rich_style)
            return Strip(list(segments), line.cell_len).crop_extend(0, width, self.rich_style)
        if row >= len(self._rows) or not self._widths:
            return Strip.blank(width, self.rich_style)
        strip = self._row_strip(row)
        under, over = self._row_styles(row)
        return strip.crop_extend(scroll_x, scroll_x + width, under + over if over else under)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The row under the mouse is tinted, as in DataTable."""
        offset = event.get_content_offset(self)
        row = int(self.scroll_y) + offset.y - 1 if offset is not None and offset.y >= 1 else -1
        self._hover(row if 0 <= row < len(self._rows) else -1)

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(-1)

    def _hover(self, row: int) -> None:
        if row != self.hover_row:
            self.hover_row = row
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1 and self._rows:
            self.move_cursor(row=int(self.scroll_y) + offset.y - 1)
            self.post_message(self.Highlighted())
