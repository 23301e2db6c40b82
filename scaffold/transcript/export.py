"""Export a transcript as one JSON document, a NumPy archive of its images, or Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import numpy as np

from scaffold.errors import InputError
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
    """Arrays `images` (n,H,W[,C]), `step_ids`, `is_final`, `target_class` (-1 when unknown)."""
    images, step_ids, finals, targets = [], [], [], []
    for i in range(reader.n_steps):
        state = reader.step(i).state
        if state is None or state.image is None:
            continue
        images.append(state.image.to_array().astype(np.float32))
        step_ids.append(state.step)
        finals.append(state.final)
        target = state.attrs.get("target_class")
        targets.append(int(target) if isinstance(target, int | float) else -1)
    if not images:
        raise InputError(f"{reader.path}: no step has an image, so there is nothing to put in npz")
    shapes = {im.shape for im in images}
    if len(shapes) > 1:
        raise InputError(f"{reader.path}: images have different shapes {sorted(shapes)}")
    np.savez_compressed(
        out,
        images=np.stack(images),
        step_ids=np.array(step_ids, dtype=np.int64),
        is_final=np.array(finals, dtype=bool),
        target_class=np.array(targets, dtype=np.int64),
    )


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
