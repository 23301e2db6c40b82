"""A table of sweep runs that draws only the lines on screen, so 10,000 runs open at once.

Rows are the index's dicts, made inert and styled only when their line is drawn; column
widths come from string lengths in one pass. Up/down/page/home/end move the row cursor, left/right
the column cursor (the column `s` sorts), Enter selects a row, a click on the header sorts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.safe_text import inert, one_line

MAX_WIDTH = 40
PAD = 1


class RunTable(ScrollView, can_focus=True):
    """Rows of strings under a header line that stays put."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "run-table--header", "run-table--even-row", "run-table--cursor",
        "run-table--column",
    }
    DEFAULT_CSS = """
    RunTable {
        height: 1fr;
        background: $surface;
        & > .run-table--header { text-style: bold; background: $panel; }
        & > .run-table--column { text-style: bold underline; background: $panel; }
        & > .run-table--even-row { background: $surface-darken-1 40%; }
        & > .run-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
        Binding("left", "column(-1)", "Column left", show=False),
        Binding("right", "column(1)", "Column right", show=False),
        Binding("enter", "select", "Replay"),
    ]

    class RowSelected(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    class RowHighlighted(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    class HeaderSelected(Message):
        def __init__(self, column: int) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[str] = []
        self.rows: Sequence[Mapping[str, str]] = []
        self.widths: list[int] = []
        self.cursor_row = 0
        self.cursor_column = 0
        self.marks: dict[int, str] = {}

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, columns: list[str], rows: Sequence[Mapping[str, str]], *,
                 cursor_row: int = 0, marks: dict[int, str] | None = None) -> None:
        """Show `columns` of `rows`; `marks` are suffixes for header cells (a sort arrow)."""
        self.columns, self.rows, self.marks = columns, rows, marks or {}
        self.widths = [min(max(cell_len(c) + 2, max((len(r.get(c, "")) for r in rows),
                                                    default=0)), MAX_WIDTH) for c in columns]
        self.virtual_size = Size(sum(w + 2 * PAD for w in self.widths), len(rows) + 1)
        self.move_cursor(row=cursor_row)

    def move_cursor(self, *, row: int | None = None, column: int | None = None) -> None:
        if column is not None and self.columns:
            self.cursor_column = max(0, min(column, len(self.columns) - 1))
        if row is not None:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))
            top, visible = int(self.scroll_y), max(1, self.size.height - 1)
            if self.cursor_row < top:
                self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
            elif self.cursor_row >= top + visible:
                self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)
            if self.rows:
                self.post_message(self.RowHighlighted(self.cursor_row))
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.move_cursor(row=self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * max(1, self.size.height - 2))

    def action_column(self, delta: int) -> None:
        self.move_cursor(column=self.cursor_column + delta)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self.cursor_row))

    def _line(self, cells: Sequence[str], header: bool) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        pad = " " * PAD
        for i, (cell, width) in enumerate(zip(cells, self.widths, strict=False)):
            text = cell + self.marks.get(i, "") if header else inert(cell)
            shown = Text(one_line(text, width)) if len(text) > width else Text(text)
            if header and i == self.cursor_column and self.has_focus:
                shown.stylize(self.get_component_rich_style("run-table--column"))
            shown.truncate(width, overflow="ellipsis", pad=True)
            line.append(pad)
            line.append_text(shown)
            line.append(pad)
        return line

    def _style(self, row: int) -> Style:
        base = self.rich_style
        if row == -1:
            return base + self.get_component_rich_style("run-table--header")
        if row == self.cursor_row:
            return base + self.get_component_rich_style("run-table--cursor")
        if row % 2 == 0:
            return base + self.get_component_rich_style("run-table--even-row")
        return base

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        row = -1 if y == 0 else scroll_y + y - 1
        if row >= len(self.rows) or not self.widths:
            return Strip.blank(width, self.rich_style)
        style = self._style(row)
        cells = self.columns if row == -1 else [self.rows[row].get(c, "") for c in self.columns]
        line = self._line(cells, row == -1)
        segments = Segment.apply_style(line.render(self.app.console), style)
        strip = Strip(list(segments), line.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x, edge = offset.x + int(self.scroll_x), 0
            for i, w in enumerate(self.widths):
                edge += w + 2 * PAD
                if x < edge:
                    self.post_message(self.HeaderSelected(i))
                    return
        elif self.rows:
            self.move_cursor(row=int(self.scroll_y) + offset.y - 1)

    def on_focus(self, _event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, _event: events.Blur) -> None:
        self.refresh()
