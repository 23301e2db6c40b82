"""A scrollable pane of one Rich renderable, rendered once into lines and painted by lines.

Static.update asks for a layout of the whole screen on every call, and a Static inside a
VerticalScroll is re-wrapped and repainted several times per change. Panes that change on
every keypress (the state, the candidate detail) use this instead: `show()` renders the
renderable once at the pane's width, sets the scrollable size without a screen layout, and
repaints only this pane's visible lines. A layout happens only when the scrollbar appears or
disappears.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Set the scrollable size of `view` without a layout of the screen (a ScrollView's own
    size does not depend on its content); the scrollbars are updated, and only a scrollbar
    appearing or disappearing lays the screen out."""
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        view._scroll_update(size)


class RenderedScroll(ScrollView):
    """Shows `renderable`, scrolled by lines; `lines` holds what it rendered to (plain text)."""

    DEFAULT_CSS = """
    RenderedScroll { overflow-x: hidden; overflow-y: auto; }
    """

    def __init__(self, renderable: RenderableType = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._renderable: RenderableType = renderable
        self._strips: list[Strip] = []
        self._width = 0
        self._frame: tuple[Style, int] = (Style(), 0)

    @property
    def lines(self) -> list[str]:
        """The rendered lines as plain text (for tests and searching the pane)."""
        return [strip.text for strip in self._strips]

    def show(self, renderable: RenderableType) -> None:
        """Render `renderable` at the pane's width and repaint the pane."""
        self._renderable = renderable
        self._render_strips()

    def on_resize(self, event: events.Resize) -> None:
        if self._content_width() != self._width:
            self._render_strips()

    def _content_width(self) -> int:
        return max(0, self.scrollable_content_region.width)

    def _render_strips(self) -> None:
        # Twice at most: the new size may show or hide the scrollbar, which changes the width.
        for _ in range(2):
            width = self._content_width()
            self._width = width
            if width <= 0 or not self.is_mounted:
                self._strips = []
                return
            console = self.app.console
            options = console.options.update(width=width, highlight=False, height=None)
            renderable = Text(self._renderable) if isinstance(self._renderable, str) \
                else self._renderable
            lines = console.render_lines(renderable, options, pad=False)
            self._strips = [Strip(Segment.simplify(line)) for line in lines]
            set_virtual_size(self, Size(width, len(self._strips)))
            if self._content_width() == width:
                break
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The pane's style and width once a frame, not once a line (both walk the DOM).
        self._frame = (self.rich_style, self.scrollable_content_region.width)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        style, width = self._frame
        if 0 <= index < len(self._strips):
            x = int(self.scroll_x)
            return self._strips[index].crop_extend(x, x + width, style).apply_style(style)
        return Strip.blank(width, style)
