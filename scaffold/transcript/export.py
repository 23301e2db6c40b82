"""Export a transcript as one JSON document, a NumPy archive of its images, or Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import numpy as np

from scaffold.errors import InputError
from scaffold.transcript.events import StateEvent
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.steps import StepView

ExportFormat = Literal["json", "npz", "md"]


def export_json(reader: TranscriptReader, out: Path) -> None:
    """{"header": {...}, "events": [...], "truncated": bool}, streamed to keep memory flat."""
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"header": ' + reader.header.model_dump_json() + ', "events": [')
        for i, ev in enumerate(reader.events()):
            f.write((",\n" if i else "\n") + ev.model_dump_json())
        f.write("\n], " + f'"truncated": {json.dumps(reader.truncated)}' + "}\n")


def export_npz(reader: TranscriptReader, out: Path) -> None:
    """One row per state with an image, in file order:

    - `images` (n,H,W[,C]) float32: the state's image (x_t for a diffusion step), in the model's
      own pixel scale ([-1, 1] for the shipped digits model);
    - `x0_hat`: the state's preview (the model's x̂0) in the same scale, NaN where a state has
      none; present when any state has one of the images' shape;
    - `step_ids`, `parents` (-1 for a root), `is_final`;
    - `target_class` and `sample` (-1 when unknown), `t` (the timestep, NaN when unknown);
    - `posterior` (n, classes): the verifier's class posterior of x̂0, NaN rows where a state
      has none; present when any state has one.
    """
    rows: list[StateEvent] = []
    for i in range(reader.n_steps):
        state = reader.step(i).state
        if state is not None and state.image is not None:
            rows.append(state)
    if not rows:
        raise InputError(f"{reader.path}: no step has an image, so there is nothing to put in npz")
    images = [s.image.to_array().astype(np.float32) for s in rows if s.image is not None]
    shapes = {im.shape for im in images}
    if len(shapes) > 1:
        raise InputError(f"{reader.path}: images have different shapes {sorted(shapes)}")
    arrays: dict[str, np.ndarray] = {
        "images": np.stack(images),
        "step_ids": np.array([s.step for s in rows], dtype=np.int64),
        "parents": np.array([-1 if s.parent is None else s.parent for s in rows], dtype=np.int64),
        "is_final": np.array([s.final for s in rows], dtype=bool),
        "target_class": np.array([_int_attr(s, "target_class") for s in rows], dtype=np.int64),
        "sample": np.array([_int_attr(s, "sample") for s in rows], dtype=np.int64),
        "t": np.array([_float_attr(s, "t") for s in rows], dtype=np.float64),
    }
    previews = [_preview(s, images[0].shape) for s in rows]
    if any(p is not None for p in previews):
        blank = np.full(images[0].shape, np.nan, dtype=np.float32)
        arrays["x0_hat"] = np.stack([blank if p is None else p for p in previews])
    posteriors = [s.attrs.get("posterior") for s in rows]
    sizes = {len(p) for p in posteriors if isinstance(p, list) and p}
    if len(sizes) == 1:
        (k,) = sizes
        arrays["posterior"] = np.array(
            [p if isinstance(p, list) and len(p) == k else [np.nan] * k for p in posteriors],
            dtype=np.float64,
        )
    np.savez_compressed(out, **arrays)  # type: ignore[arg-type]


def _number(state: StateEvent, key: str) -> float | None:
    value = state.attrs.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int_attr(state: StateEvent, key: str) -> int:
    value = _number(state, key)
    return -1 if value is None else int(value)


def _float_attr(state: StateEvent, key: str) -> float:
    value = _number(state, key)
    return np.nan if value is None else value


def _preview(state: StateEvent, shape: tuple[int, ...]) -> np.ndarray | None:
    if state.preview is None:
        return None
    arr = state.preview.to_array().astype(np.float32)
    return arr if arr.shape == shape else None


def _cell(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split()).replace("|", "\\|").replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _fence(text: str) -> str:
    ticks = "`" * max(3, 1 + max((len(r) for r in text.split("\n") if set(r) == {"`"}), default=0))
    return f"{ticks}\n{text}\n{ticks}"


def step_markdown(view: StepView, position: int) -> list[str]:
    """One step as Markdown: state, candidates with scores and the selected mark."""
    state = view.state
    head = f"## Step {position + 1} (id {view.step}"
    head += f", parent {view.parent})" if view.parent is not None else ")"
    lines = [head, ""]
    if state and state.text is not None:
        lines += [_fence(state.text), ""]
    if state and state.image is not None:
        lines += [f"Image {state.image.shape} {state.image.dtype}.", ""]
    if view.candidates:
        lines += ["| id | candidate | scores | kept |", "|---|---|---|---|"]
        for c in view.candidates:
            scores = ", ".join(
                f"{s.scorer}/{s.kind}={s.value:.3g}" if s.value is not None else f"{s.scorer}=–"
                for s in view.scores_for(c.id)
            )
            kept = "✓" if c.id in view.chosen else ""
            lines.append(f"| {_cell(c.id, 20)} | {_cell(c.text or '')} | {scores} | {kept} |")
        if view.select:
            lines += ["", f"Selection rule: {_cell(view.select.rule)}"]
        lines.append("")
    lines += [f"> error: {_cell(e.message, 200)}" for e in view.errors]
    lines += [f"> note: {_cell(n.text, 200)}" for n in view.notes]
    return lines


def export_markdown(reader: TranscriptReader, out: Path) -> None:
    h = reader.header
    lines = [
        f"# Transcript: {_cell(h.loop)} / {_cell(h.scaffold)} on {_cell(h.task.name)}",
        "",
        f"- model: {_cell(h.model.id)} ({_cell(h.model.backend)})",
        f"- task instance: {_cell(h.task.instance)}",
        f"- seed: {h.seed}; created {h.created.isoformat()}; steps: {reader.n_steps}",
        f"- config: `{_cell(json.dumps(h.config), 300)}`",
        "",
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        for i in range(reader.n_steps):
            f.write("\n".join(step_markdown(reader.step(i), i)) + "\n")


def export_transcript(path: Path, fmt: ExportFormat, out: Path) -> None:
    with TranscriptReader(path) as reader:
        reader.index(validate=True)
        {"json": export_json, "npz": export_npz, "md": export_markdown}[fmt](reader, out)
