"""Untrusted text made inert: characters that steer a terminal or a reader's eye become visible.

The engine needs this too (Markdown export), so it lives here; `tui/safe_text.py` builds on it.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HIDDEN = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""Zero-width characters, bidi marks, embeddings, overrides and isolates, line separators."""


def visible(text: str) -> str:
    """C0/C1 controls (ESC, CSI, OSC, BEL…) as `\\xNN`, bidi and zero-width ones as `\\uNNNN`.

    Tabs and newlines are kept.
    """
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
