"""The transcript format: event models, writer, indexed reader and JSON Schema."""

from scaffold.transcript.errors import TranscriptError
from scaffold.transcript.events import (
    READABLE_VERSIONS,
    SCHEMA_VERSION,
    Candidate,
    CandidatesEvent,
    ErrorEvent,
    ForkEvent,
    HeaderEvent,
    MetricsEvent,
    ModelInfo,
    NoteEvent,
    ScoreEvent,
    SearchStats,
    SelectEvent,
    StateEvent,
    StepEvent,
    TaskInfo,
    TokenAlternative,
    TokenChoice,
)
from scaffold.transcript.images import ImageData
from scaffold.transcript.reader import TranscriptReader, read_transcript
from scaffold.transcript.steps import StepTree, StepView
from scaffold.transcript.writer import TranscriptWriter

__all__ = [
    "READABLE_VERSIONS",
    "SCHEMA_VERSION",
    "Candidate",
    "CandidatesEvent",
    "ErrorEvent",
    "ForkEvent",
    "HeaderEvent",
    "ImageData",
    "MetricsEvent",
    "ModelInfo",
    "NoteEvent",
    "ScoreEvent",
    "SearchStats",
    "SelectEvent",
    "StateEvent",
    "StepEvent",
    "StepTree",
    "StepView",
    "TaskInfo",
    "TokenAlternative",
    "TokenChoice",
    "TranscriptError",
    "TranscriptReader",
    "TranscriptWriter",
    "read_transcript",
]
