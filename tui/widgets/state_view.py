"""The current state: its text diffed against the parent step, or x_t and x̂0 as pixels, plus
the class posterior, the commitment curve, and the step's notes and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from scaffold.implicit.extract import answer_of
from scaffold.implicit.view import NESTED, Mark, span_marks, task_of
from scaffold.transcript.steps import StepView
from tui.safe_text import inert, one_line
from tui.widgets.candidate_table import no_derived_reason
from tui.widgets.pixels import HalfBlockImage
from tui.widgets.posterior import posterior_bars, read_posterior, sparkline
from tui.widgets.rendered_scroll import RenderedScroll
from tui.widgets.text_diff import diff_text

HIDDEN_ATTRS = {"posterior"}
SPAN_STYLES = {"chosen": "bold black on green", "judged": "black on yellow",
               "unjudged": "underline cyan", "judgement": "bold magenta",
               "choice": "bold green underline"}


def highlight_spans(text: str, marks: list[Mark]) -> Text:
    """The text with each mark styled, a nested mark (`NESTED`: a judging word) on top of the
    one around it; every piece made inert on its own, so the spans stay on the characters they
    index."""
    cuts = sorted({0, len(text), *(p for s, e, _ in marks for p in (s, e) if 0 <= p <= len(text))})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m[0], []).append(m)
    out = Text()
    active: list[Mark] = []
    for a, b in pairwise(cuts):
        active = [m for m in active if m[1] > a] + starts.get(a, [])
        kinds = sorted((m[2] for m in active), key=lambda k: k in NESTED)
        out.append(inert(text[a:b]), style=" ".join(SPAN_STYLES[k] for k in kinds))
    return out


def span_legend(marks: list[Mark], goal: int | None = None) -> Text:
    """How many spans of each kind the derived view marks, and the way the task's prompt
    says is better, where it says one (it places the options' quantities where the text
    states no goal of its own)."""
    out = Text("\nderived (d): ", style="dim")
    for kind, style in SPAN_STYLES.items():
        n = sum(m[2] == kind for m in marks)
        out.append(f"{kind} {n}", style=style)
        out.append("  ")
    if goal is not None:
        out.append(f"prompt: {'higher' if goal > 0 else 'lower'} is better", style="dim")
    return out


@dataclass
class Commitment:
    """The posterior of one class along the path from the root to the viewed step."""

    target: int
    values: list[float] = field(default_factory=list)
    t_first: object = None
    t_last: object = None


def scalar_attrs(attrs: dict[str, object], limit: int = 12) -> Text:
    """`key=value` pairs of a state's attrs, inert and cut short."""
    out = Text()
    for key, value in list(attrs.items())[:limit]:
        if key in HIDDEN_ATTRS:
            continue
        shown = f"{value:.4g}" if isinstance(value, float) else one_line(str(value), 40)
        out.append(f"{one_line(key, 24)}=", style="dim")
        out.append(f"{shown}  ")
    return out


class StateView(RenderedScroll):
    """Shows one StepView; `show()` runs on every move, so the pane is rendered once into
    lines and repainted without a screen layout (RenderedScroll)."""

    DEFAULT_CSS = """
    StateView { height: 1fr; padding: 0 1; }
    """

    derived = False
    """Show the spans of the options found in the text instead of the diff (key d)."""

    text_content: RenderableType | None = None
    """The state's text as shown (diffed or highlighted), or None when it has none."""

    def show_message(self, message: Text) -> None:
        self.text_content = None
        self.show(message)

    def show_step(
        self,
        view: StepView,
        parent: StepView | None,
        commitment: Commitment | None = None,
        image_rows: int = 12,
    ) -> None:
        state = view.state
        meta = Text(style="dim")
        meta.append(f"step id {view.step}", style="bold")
        meta.append(f"  parent {view.parent if view.parent is not None else '—'}")
        if state is not None and state.final:
            meta.append("  FINAL", style="bold green")
        if state is None:
            meta.append("  (no state event in this step)", style="yellow")
        if view.forks:
            f = view.forks[0]
            meta.append(f"  fork from {f.from_step} seed {f.seed}", style="magenta")
        head_end = len(meta)
        if state is not None and state.attrs:
            meta.append("\n")
            meta.append_text(scalar_attrs(dict(state.attrs)))
        text_content: RenderableType | None = None
        no_derived = no_derived_reason(view) if self.derived else None
        if no_derived is not None:
            meta.append(f"\nderived (d): none, {no_derived}", style="dim")
        if state is not None and state.text is not None and self.derived and not no_derived:
            header = getattr(getattr(self.app, "store", None), "header", None)
            task = task_of(header)
            marks = span_marks(state.text, task, answer_of(state))
            meta.append_text(span_legend(marks, task.goal))
            text_content = highlight_spans(state.text, marks)
        elif state is not None and state.text is not None:
            old = parent.state.text if parent and parent.state else None
            body, ins, dele = diff_text(old, state.text)
            if old is not None:
                meta.append(f"\n+{ins} −{dele} chars vs parent", style="dim")
            text_content = body
        self.text_content = text_content
        images = self._images(view, image_rows)
        parts: list[RenderableType | None] = [meta, text_content, images]
        if images is not None and self._pushes_out(meta, text_content, images):
            # A short pane (a small terminal): the pixels under the step line, the attrs after.
            head, rest = meta[:head_end], meta[head_end:]
            if rest.plain.startswith("\n"):
                rest = rest[1:]
            parts = [head, images, rest if rest else None, text_content]
        parts += [self._posterior(view, commitment), self._notes(view)]
        self.show(Group(*(p for p in parts if p is not None)))

    def _pushes_out(
        self, meta: Text, text_content: RenderableType | None, images: RenderableType,
    ) -> bool:
        """Whether the lines above the images leave them no room in the pane as it is now."""
        width, height = self.scrollable_content_region.size
        if width <= 0 or height <= 0:
            return False
        console = self.app.console
        options = console.options.update(width=width, highlight=False, height=None)
        above = Group(meta, text_content) if text_content is not None else meta
        return (len(console.render_lines(above, options, pad=False))
                + len(console.render_lines(images, options, pad=False)) > height)

    def _images(self, view: StepView, rows: int) -> RenderableType | None:
        state = view.state
        if state is None or state.image is None:
            return None
        grid = Table.grid(padding=(0, 3))
        panels: list[tuple[str, RenderableType]] = [
            ("x_t", HalfBlockImage(state.image.to_array(), max_cols=2 * rows, max_rows=rows))
        ]
        if state.preview is not None:
            panels.append(
                ("x̂0", HalfBlockImage(state.preview.to_array(), max_cols=2 * rows, max_rows=rows))
            )
        for _ in panels:
            grid.add_column()
        grid.add_row(*[Text(label, style="bold") for label, _ in panels])
        grid.add_row(*[img for _, img in panels])
        return grid

    def _posterior(self, view: StepView, commitment: Commitment | None) -> RenderableType | None:
        if view.state is None:
            return None
        posterior = read_posterior(dict(view.state.attrs))
        if posterior is None:
            return None
        target = commitment.target if commitment else None
        parts: list[RenderableType] = [
            Text("class posterior on x̂0", style="bold"),
            posterior_bars(posterior, target),
        ]
        if commitment is not None and commitment.values:
            line = Text(f"commitment p(class {commitment.target}) over t  ", style="bold")
            line.append(sparkline(commitment.values), style="green")
            first = one_line(str(commitment.t_first), 12)
            last = one_line(str(commitment.t_last), 12)
            line.append(f"  t {first} → {last}  now {commitment.values[-1]:.2f}", style="dim")
            parts.append(line)
        return Group(*parts)

    def _notes(self, view: StepView) -> RenderableType | None:
        if not view.notes and not view.errors:
            return None
        out = Text()
        for note in view.notes:
            out.append("note  ", style="bold cyan")
            out.append(inert(note.text))
            out.append("\n")
        for err in view.errors:
            out.append(f"{'FATAL ' if err.fatal else ''}error ({one_line(err.kind, 30)})  ",
                       style="bold red")
            out.append(inert(err.message))
            out.append("\n")
        out.rstrip()
        return out
