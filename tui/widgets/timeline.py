"""The timeline: steps in file order with a lane per branch, drawn only around the current step.

Rendering costs O(visible rows × visible branches), whatever the transcript's length, so a
keypress on a 10,000-step file repaints as fast as on a 10-step one.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from scaffold.transcript.steps import StepTree
from tui.widgets.branches import BranchIndex

MAX_LANES = 6
LANE_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red")


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
        self.can_focus = False

    def set_tree(self, tree: StepTree) -> None:
        if tree is not self.step_tree:
            self.step_tree, self.branches = tree, BranchIndex()
        self.branches.update(tree)
        self.refresh()

    def show(self, position: int) -> None:
        self.position = position
        self.refresh()

    def branch_at(self, position: int) -> int:
        return self.branches.branch_of[position] if position < len(self.branches) else 0

    def _window(self, rows: int) -> tuple[int, int]:
        n = len(self.branches)
        start = max(0, min(self.position - rows // 2, n - rows))
        return start, min(n, start + rows)

    def render(self) -> Text:
        rows = max(1, self.size.height)
        start, stop = self._window(rows)
        lanes = self.branches.active(start, stop)
        shown = lanes[:MAX_LANES]
        column = {b: i for i, b in enumerate(shown)}
        out = Text(no_wrap=True, overflow="crop")
        points = set(self.branches.branch_points)
        for pos in range(start, stop):
            step = self.step_tree.order[pos]
            branch = self.branches.branch_of[pos]
            line = Text(f"{pos + 1:>6} ", style="dim")
            for b in shown:
                style = LANE_STYLES[column[b] % len(LANE_STYLES)]
                if b == branch:
                    mark = "◆" if pos in points else "●"
                    line.append(mark, style=f"bold {style}")
                elif self.branches.first[b] <= pos <= self.branches.last[b]:
                    line.append("│", style=style)
                else:
                    line.append(" ")
            line.append("+" if branch not in column else " ", style="dim")
            line.append(f" b{branch:<3}", style="dim")
            line.append(f"d{self.branches.depth[pos]:<4}")
            if step in self.finals:
                line.append(" ✓", style="bold green")
            if pos == self.position:
                line.stylize("reverse")
            out.append_text(line)
            if pos + 1 < stop:
                out.append("\n")
        return out
