"""Transcripts for the TUI tests: recorded from the real ToyLoop, or written with TranscriptWriter
for the image panel (a seeded denoising of a fixed 8×8 glyph, with x_t, x̂0 and a posterior)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scaffold import __version__
from scaffold.loops.runner import LoopRunner
from scaffold.loops.toy import ToyLoop
from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ImageData,
    ModelInfo,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
    TranscriptWriter,
)

GLYPH = np.array(
    [
        [0, 0, 1, 1, 1, 1, 0, 0],
        [0, 1, 0, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 1, 0],
        [0, 0, 0, 1, 1, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 1, 0],
        [0, 1, 0, 0, 0, 0, 1, 0],
        [0, 0, 1, 1, 1, 1, 0, 0],
    ],
    dtype=np.float32,
) * 2 - 1
"""A 3, as the digits model draws them: values in [-1, 1]."""


def toy_transcript(
    path: Path,
    *,
    scaffold: str = "hill-climb",
    seed: int = 0,
    steps: int = 30,
    fork_from: int | None = None,
    fork_steps: int = 5,
) -> Path:
    """Run the ToyLoop to its end (and optionally a fork of `fork_steps` steps)."""
    runner = LoopRunner(ToyLoop(scaffold=scaffold, seed=seed, n=4, steps=steps), path)
    try:
        while runner.step() is not None:
            pass
        if fork_from is not None:
            runner.fork(fork_from, seed + 100, {"temperature": 1.2})
            for _ in range(fork_steps):
                if runner.step() is None:
                    break
    finally:
        runner.close()
    return path


def _posterior(strength: float, target: int = 3) -> list[float]:
    p = np.full(10, (1 - strength) / 10)
    p[target] += strength
    p[8] += 0.0 if strength > 0.5 else 0.05
    return [round(float(v / p.sum()), 6) for v in p]


def image_transcript(path: Path, steps: int = 6, seed: int = 0) -> Path:
    """x_t goes from noise to the glyph; x̂0 sharpens; three image candidates per step."""
    rng = np.random.default_rng(seed)
    header = HeaderEvent(
        tool_version=__version__, loop="diffusion", scaffold="best-of-n",
        model=ModelInfo(id="test-glyph", backend="none"),
        task=TaskInfo(name="digits", instance="class 3", objective="verifier"),
        seed=seed, config={"steps": steps, "n": 3},
    )
    noise = rng.standard_normal((8, 8)).astype(np.float32)
    with TranscriptWriter(path, header) as writer:
        parent = None
        for k in range(steps):
            alpha = (k + 1) / steps
            x_t = np.clip(alpha * GLYPH + (1 - alpha) * noise, -1, 1)
            x0 = np.clip(GLYPH * min(1.0, 0.4 + alpha), -1, 1)
            t = 1000 - int(1000 * alpha)
            writer.write(StateEvent(
                step=k, parent=parent, text=f"denoise t={t}",
                image=ImageData.from_array(x_t), preview=ImageData.from_array(x0),
                final=k == steps - 1,
                attrs={"t": t, "target_class": 3, "posterior": _posterior(alpha),
                       "objective": float(np.log(_posterior(alpha)[3]))},
            ))
            cands = []
            for i in range(3):
                img = np.clip(x0 + 0.3 * rng.standard_normal((8, 8)), -1, 1).astype(np.float32)
                cands.append(Candidate(id=f"{k}.{i}", image=ImageData.from_array(img)))
            writer.write(CandidatesEvent(step=k, candidates=cands))
            for i, c in enumerate(cands):
                writer.write(ScoreEvent(step=k, candidate=c.id, value=-0.1 * (i + 1) + alpha,
                                        scorer="verifier", kind="internal"))
            writer.write(SelectEvent(step=k, chosen=[cands[0].id], rule="argmax verifier"))
            writer.write(NoteEvent(step=k, text=f"kept {cands[0].id}"))
            parent = k
    return path


HOSTILE = ["\x1b]52;c;SGVsbG8=\x07", "\x1b[2J", "[bold red]x[/]"]
HOSTILE_TEXT = "pwn " + " ".join(HOSTILE) + " end"


def hostile_transcript(path: Path) -> Path:
    """Terminal escapes and Rich markup in every untrusted field the screen shows."""
    header = HeaderEvent(
        tool_version=__version__, loop="toy[bold]x[/]", scaffold="\x1b[2Jscaf",
        model=ModelInfo(id="\x1b]52;c;SGVsbG8=\x07m", backend="none"),
        task=TaskInfo(name="[red]task[/]", instance=HOSTILE_TEXT), seed=1,
    )
    with TranscriptWriter(path, header) as writer:
        for k in range(2):
            writer.write(StateEvent(step=k, parent=k - 1 if k else None, text=HOSTILE_TEXT + str(k),
                                    attrs={"[b]key[/]": "\x1b[2Jv", "objective": 0.5}))
            cands = [
                Candidate(id=f"[i]{k}.{i}[/]", text=HOSTILE_TEXT,
                          attrs={"[b]move[/]": HOSTILE_TEXT, "raw": "\x1b[2J\n[bold red]x[/]"})
                for i in range(2)
            ]
            writer.write(CandidatesEvent(step=k, candidates=cands))
            for c in cands:
                writer.write(ScoreEvent(step=k, candidate=c.id, value=0.5, scorer="[u]s[/]",
                                        kind="internal", detail=HOSTILE_TEXT))
            writer.write(SelectEvent(step=k, chosen=[cands[0].id], rule=HOSTILE_TEXT))
            writer.write(NoteEvent(step=k, text=HOSTILE_TEXT))
    return path
