"""Untrusted text (transcripts, model output) made inert before it reaches a terminal."""

from __future__ import annotations

from scaffold.visible_text import visible


def inert(text: str) -> str:
    """Controls (ESC, CSI, OSC, BEL…) as visible `\\xNN`, bidi and zero-width as `\\uNNNN`.

    Tabs and newlines are kept. Rich markup is not interpreted here: callers must pass the result
    as a `rich.text.Text` or with markup off, never through `console.print(str)` with markup.
    """
    return visible(text)


def one_line(text: str, limit: int = 200) -> str:
    """Inert text folded onto one line and cut to `limit` characters."""
    flat = " ".join(inert(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
