"""Images as half-block pixels: each terminal cell shows two vertical pixels (fg top, bg bottom)."""

from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

UPPER_HALF = "▀"


def to_rgb(array: np.ndarray) -> np.ndarray:
    """(H, W) grey or (H, W, C) colour, uint8 or float in [-1, 1], to (H, W, 3) uint8."""
    arr = np.asarray(array)
    if arr.dtype != np.uint8:
        values = np.nan_to_num(arr.astype(np.float32), nan=0.0, posinf=1.0, neginf=-1.0)
        arr = np.clip((values + 1.0) * 127.5 + 0.5, 0, 255).astype(np.uint8)
    if arr.ndim == 2:
        return np.repeat(arr[:, :, None], 3, axis=2)
    channels = arr.shape[2]
    if channels == 1:
        return np.repeat(arr, 3, axis=2)
    if channels == 2:
        return np.repeat(arr[:, :, :1], 3, axis=2)
    return arr[:, :, :3]


def fit(rgb: np.ndarray, max_cols: int, max_rows: int) -> np.ndarray:
    """Nearest-neighbour resize to fit `max_cols` × `2·max_rows` pixels, keeping the aspect."""
    h, w = rgb.shape[:2]
    scale = min(max(max_cols, 1) / w, max(2 * max_rows, 2) / h)
    if scale >= 1:
        scale = float(int(scale))
    out_w, out_h = max(1, int(w * scale)), max(1, int(h * scale))
    ys = np.minimum((np.arange(out_h) * h / out_h).astype(int), h - 1)
    xs = np.minimum((np.arange(out_w) * w / out_w).astype(int), w - 1)
    return rgb[ys][:, xs]


class HalfBlockImage:
    """A Rich renderable of an image fitted into at most `max_cols` × `max_rows` cells."""

    def __init__(self, array: np.ndarray, max_cols: int = 32, max_rows: int = 16) -> None:
        self.pixels = fit(to_rgb(array), max_cols, max_rows)

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return (int(self.pixels.shape[0]) + 1) // 2

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        px = self.pixels
        if px.shape[0] % 2:
            px = np.concatenate([px, np.zeros_like(px[:1])], axis=0)
        styles: dict[tuple[int, ...], Style] = {}
        for row in range(0, px.shape[0], 2):
            top, bottom = px[row], px[row + 1]
            for x in range(px.shape[1]):
                key = (*top[x].tolist(), *bottom[x].tolist())
                style = styles.get(key)
                if style is None:
                    style = Style(
                        color=Color.from_rgb(*key[:3]), bgcolor=Color.from_rgb(*key[3:])
                    )
                    styles[key] = style
                yield Segment(UPPER_HALF, style)
            yield Segment.line()
