"""Untrusted text (transcripts, model output) made inert before it reaches a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: str) -> str:
    """Replace C0/C1 control characters (ESC, CSI, OSC, BEL…) with visible `\\xNN` escapes.

    Tabs and newlines are kept. Rich markup is not interpreted here: callers must pass the result
    as a `rich.text.Text` or with markup off, never through `console.print(str)` with markup.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str, limit: int = 200) -> str:
    """Inert text folded onto one line and cut to `limit` characters."""
    flat = " ".join(inert(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
