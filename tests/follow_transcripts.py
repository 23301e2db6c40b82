"""Transcripts that grow while they are read: whole steps appended with the project's
`TranscriptWriter` (as a running loop writes them), or lines cut part way by hand."""

from __future__ import annotations

from pathlib import Path

from scaffold import __version__
from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ModelInfo,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
    TranscriptWriter,
)
from scaffold.transcript.events import StepEvent, dump_event
from scaffold.transcript.writer_close import wait_closed


def header() -> HeaderEvent:
    return HeaderEvent(tool_version=__version__, loop="toy", scaffold="hill-climb",
                       model=ModelInfo(id="none"), task=TaskInfo(name="toy", instance="follow"),
                       seed=0)


def step_events(k: int) -> list[StepEvent]:
    """One decision: a state, two scored candidates, the better one kept."""
    cands = [Candidate(id=f"{k}.{i}", text=f"option {i} of step {k}") for i in range(2)]
    return [
        StateEvent(step=k, parent=k - 1 if k else None, text=f"written step {k}",
                   attrs={"objective": 0.1 * k}),
        CandidatesEvent(step=k, candidates=cands),
        *[ScoreEvent(step=k, candidate=c.id, value=0.5 + 0.1 * i, scorer="s", kind="internal")
          for i, c in enumerate(cands)],
        SelectEvent(step=k, chosen=[cands[1].id], rule="argmax"),
    ]


def write_steps(path: Path, steps: range, *, new: bool = False) -> Path:
    """Append whole steps with the project's writer, as a running loop does."""
    with TranscriptWriter(path, header(), append=not new) as writer:
        for k in steps:
            writer.write_all(step_events(k))
    wait_closed()
    return path


def line(event: StepEvent) -> bytes:
    return dump_event(event).encode() + b"\n"
