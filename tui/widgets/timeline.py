"""The timeline: steps in file order with a lane per branch, drawn only around the current step.

Rendering costs O(visible rows × visible branches), whatever the transcript's length, and each
row is rendered once and cached by what it shows: a move by one step re-renders two or three
rows, not the whole column (benchmarks/tui_keypress.py).
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual, visualize
from textual.widget import Widget

from scaffold.transcript.steps import StepTree
from tui.widgets.branches import BranchIndex

MAX_LANES = 6
LANE_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red")
MAX_CACHED_ROWS = 1024
SCROLL_MARGIN = 3

RowKey = tuple[object, ...]


class Timeline(Widget):
    """A compact, virtual list of steps: position, branch lanes, depth and markers."""

    DEFAULT_CSS = """
    Timeline { width: 30; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step_tree = StepTree()
        self.branches = BranchIndex()
        self.position = 0
        self.finals: set[int] = set()
        self.labels: dict[int, str] = {}
        """Inert text after a step's row: the intervention an arm's first step starts."""
        self.can_focus = False
        self._frame: tuple[tuple[int, int, int, int], int, int, tuple[int, ...]] | None = None
        self._rows: dict[RowKey, Strip] = {}
        self._style = VisualStyle()
        self._start = 0

    def set_tree(self, tree: StepTree) -> None:
        if tree is not self.step_tree:
            self.step_tree, self.branches = tree, BranchIndex()
        self.branches.update(tree)
        self._frame = None
        self._rows.clear()  # lanes' extents may have grown
        self.refresh()

    def show(self, position: int) -> None:
        """Move the cursor; when the window stays, only the two rows that change repaint."""
        before, old = self._frame, self.position
        self.position = position
        if before is None or old == position:
            self.refresh()
            return
        start, _, lanes = self._visible()
        if (start, lanes) != (before[1], before[3]):
            self.refresh()
            return
        width = self.size.width
        self.refresh(Region(0, old - start, width, 1), Region(0, position - start, width, 1))

    def branch_at(self, position: int) -> int:
        return self.branches.branch_of[position] if position < len(self.branches) else 0

    def _window(self, rows: int) -> tuple[int, int]:
        """The rows shown: the window stays put while the cursor is more than SCROLL_MARGIN
        rows inside it (so a step repaints two rows), and centres on the cursor otherwise."""
        n = len(self.branches)
        start = self._start
        margin = min(SCROLL_MARGIN, rows // 4)
        if not start + margin <= self.position < start + rows - margin:
            start = self.position - rows // 2
        self._start = start = max(0, min(start, n - rows))
        return start, min(n, start + rows)

    def _visible(self) -> tuple[int, int, tuple[int, ...]]:
        """Window start, stop and shown lanes, computed once per frame."""
        rows = max(1, self.size.height)
        key = (self.position, rows, len(self.branches), self.branches.n_branches)
        if self._frame is None or self._frame[0] != key:
            start, stop = self._window(rows)
            lanes = tuple(self.branches.active(start, stop)[:MAX_LANES])
            self._frame = (key, start, stop, lanes)
        return self._frame[1], self._frame[2], self._frame[3]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style = self.visual_style  # once a frame, not once a row (it walks the DOM)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self._style
        start, stop, lanes = self._visible()
        pos = start + y
        if pos >= stop:
            return Strip.blank(width, style.rich_style)
        step = self.step_tree.order[pos]
        label = self.labels.get(step)
        key = (pos, lanes, pos == self.position, step in self.finals, label, width, style)
        strip = self._rows.get(key)
        if strip is None:
            if len(self._rows) >= MAX_CACHED_ROWS:
                self._rows.clear()
            line = self.row_text(pos, lanes, final=step in self.finals, label=label)
            strip = Visual.to_strips(self, visualize(self, line), width, 1, style)[0]
            self._rows[key] = strip
        return strip

    def row_text(
        self, pos: int, lanes: tuple[int, ...], *, final: bool, label: str | None = None
    ) -> Text:
        """One row: position, a mark per shown lane, branch id, depth, final tick, and the
        intervention an arm starts with (`label`, already inert)."""
        column = {b: i for i, b in enumerate(lanes)}
        branch = self.branches.branch_of[pos]
        line = Text(f"{pos + 1:>6} ", style="dim", no_wrap=True, overflow="crop")
        for b in lanes:
            style = LANE_STYLES[column[b] % len(LANE_STYLES)]
            if b == branch:
                mark = "◆" if self.branches.is_branch_point(pos) else "●"
                line.append(mark, style=f"bold {style}")
            elif self.branches.first[b] <= pos <= self.branches.last[b]:
                line.append("│", style=style)
            else:
                line.append(" ")
        line.append("+" if branch not in column else " ", style="dim")
        line.append(f" b{branch:<3}", style="dim")
        if label:  # an arm's first step: what it intervenes on, in place of the depth
            line.append(label, style="italic yellow")
        else:
            line.append(f"d{self.branches.depth[pos]:<4}")
        if final:
            line.append(" ✓", style="bold green")
        if pos == self.position:
            line.stylize("reverse")
        return line
