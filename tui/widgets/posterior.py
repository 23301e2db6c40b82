"""Class posteriors as text: a bar per class, and a sparkline of one class's posterior over t."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

BLOCKS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"


def _clean(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return min(max(float(value), 0.0), 1.0)
    return 0.0


def read_posterior(attrs: dict[str, object]) -> list[float] | None:
    """The `posterior` attr when it is a list of numbers, clamped to [0, 1]."""
    raw = attrs.get("posterior")
    if not isinstance(raw, list) or not raw or len(raw) > 1000:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw):
        return None
    return [_clean(v) for v in raw]


def bar(fraction: float, width: int) -> str:
    eighths = round(_clean(fraction) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[rest] if rest else "")).ljust(width)


def posterior_bars(posterior: Sequence[float], target: int | None, width: int = 20) -> Text:
    """One line per class: label, bar, value; the target class is highlighted."""
    out = Text()
    top = max(range(len(posterior)), key=lambda i: posterior[i]) if posterior else -1
    for i, p in enumerate(posterior):
        style = "bold green" if i == target else ("bold" if i == top else "")
        out.append(f"{i:>2} ", style=style or "dim")
        out.append(bar(p, width), style="green" if i == target else "cyan")
        out.append(f" {p:.2f}", style=style)
        if i == target:
            out.append(" ← target", style="green")
        if i + 1 < len(posterior):
            out.append("\n")
    return out


def sparkline(values: Sequence[float], width: int = 40) -> str:
    """Values in [0, 1] as block characters; long series keep their last `width` points."""
    tail = list(values)[-width:]
    return "".join(SPARKS[min(len(SPARKS) - 1, int(_clean(v) * len(SPARKS)))] for v in tail)
