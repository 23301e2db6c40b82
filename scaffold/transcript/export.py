"""Export a transcript as one JSON document, a NumPy archive of its images, or Markdown."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import IO, Literal

import numpy as np

from scaffold.errors import InputError
from scaffold.safe_output import check_output, write_output
from scaffold.transcript.events import StateEvent
from scaffold.transcript.reader import TranscriptReader
from scaffold.transcript.references import ReferenceCheck
from scaffold.transcript.steps import StepView
from scaffold.visible_text import visible

ExportFormat = Literal["json", "npz", "md"]


def export_json(reader: TranscriptReader, out: IO[bytes]) -> None:
    """{"header": {...}, "events": [...], "truncated": bool}, streamed to keep memory flat."""
    f = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    f.write('{"header": ' + reader.header.model_dump_json() + ', "events": [')
    for i, ev in enumerate(reader.events()):
        f.write((",\n" if i else "\n") + ev.model_dump_json())
    f.write("\n], " + f'"truncated": {json.dumps(reader.truncated)}' + "}\n")
    f.detach()


def export_npz(reader: TranscriptReader, out: IO[bytes]) -> None:
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
    return -1 if value is None or not -(2**63) < value < 2**63 else int(value)


def _float_attr(state: StateEvent, key: str) -> float:
    value = _number(state, key)
    return np.nan if value is None else value


def _preview(state: StateEvent, shape: tuple[int, ...]) -> np.ndarray | None:
    if state.preview is None:
        return None
    arr = state.preview.to_array().astype(np.float32)
    return arr if arr.shape == shape else None


_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
"""What Markdown reads inside a line: escapes, code, emphasis, links, HTML, entities, cells."""
_TICKS = re.compile(r"`+")


def _cell(text: str, limit: int = 80) -> str:
    """One line of inert text: controls visible, Markdown's inline syntax escaped, pipes too."""
    flat = " ".join(visible(text).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return _INLINE.sub(r"\\\1", flat)


def _longest_ticks(text: str) -> int:
    return max((len(m) for m in _TICKS.findall(text)), default=0)


def _fence(text: str) -> str:
    """A code block whose fence is longer than any backtick run in the text, so nothing in it
    can close it; controls are made visible."""
    text = visible(text)
    ticks = "`" * max(3, 1 + _longest_ticks(text))
    return f"{ticks}\n{text}\n{ticks}"


def _code_span(text: str, limit: int) -> str:
    flat = " ".join(visible(text).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    ticks = "`" * (1 + _longest_ticks(flat))
    return f"{ticks} {flat} {ticks}"


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
                f"{_cell(s.scorer, 40)}/{s.kind}={s.value:.3g}"
                if s.value is not None else f"{_cell(s.scorer, 40)}=–"
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


def export_markdown(reader: TranscriptReader, out: IO[bytes]) -> None:
    """Markdown in which transcript text is inert: fenced, code-spanned or escaped."""
    h = reader.header
    lines = [
        f"# Transcript: {_cell(h.loop)} / {_cell(h.scaffold)} on {_cell(h.task.name)}",
        "",
        f"- model: {_cell(h.model.id)} ({_cell(h.model.backend)})",
        f"- task instance: {_cell(h.task.instance)}",
        f"- seed: {h.seed}; created {h.created.isoformat()}; steps: {reader.n_steps}",
        f"- config: {_code_span(json.dumps(h.config), 300)}",
        "",
    ]
    out.write(("\n".join(lines) + "\n").encode("utf-8"))
    for i in range(reader.n_steps):
        out.write(("\n".join(step_markdown(reader.step(i), i)) + "\n").encode("utf-8"))


def export_transcript(path: Path, fmt: ExportFormat, out: Path, *,
                      force: bool = False) -> ReferenceCheck:
    """Write `path` as `fmt` to exactly `out`, atomically (see `scaffold.safe_output`); the
    references between its events, checked on the validating pass the export makes anyway.

    `out` may not be `path` (even with `force`), nor exist unless `force` is given. A missing
    or unreadable input is reported before any problem with `out`.
    """
    references = ReferenceCheck()
    with TranscriptReader(path) as reader:
        check_output(out, inputs=[path], force=force)
        reader.index(validate=True, references=references)
        export = {"json": export_json, "npz": export_npz, "md": export_markdown}[fmt]
        write_output(out, lambda f: export(reader, f), inputs=[path], force=force)
    return references
