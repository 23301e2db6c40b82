"""Transcript events: a pydantic discriminated union on the `event` field.

Every event except the header carries `step`, the id of the step it belongs to. Steps form a
tree through `StateEvent.parent`, so forks live in the same file. Field order matters: `event`
and `step` come first so the reader's index pass can find them without parsing a whole line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

from scaffold.transcript.bounds import (
    MAX_LINE_BYTES,
    AttrText,
    AttrWords,
    Count,
    LongText,
    Number,
    StepId,
    WholeNumber,
    numbers_back,
)
from scaffold.transcript.images import ImageData

SCHEMA_VERSION = 2
"""Bumped on any change that an older reader could misread."""

READABLE_VERSIONS = (1, 2)
"""Versions this reader accepts: version 1 lacks the search fields of version 2, which then take
their defaults (eligible candidates, unordered evaluated selections, no statistics)."""

ChoiceKind = Literal["evaluated", "forced-first-visit", "random", "budget-stop"]
"""Why a selection was made: on evaluations, because an unvisited option must be tried first, by
a random draw, or because the budget ran out. Only `evaluated` choices can show search."""

Scalar = float | int | AttrText | bool | None
Attrs = dict[str, Scalar | list[float] | list[int] | AttrWords]
FreeJSON = Annotated[dict[str, Any], BeforeValidator(numbers_back)]
_CONFIG = ConfigDict(extra="forbid", frozen=True, ser_json_inf_nan="strings")


class _Event(BaseModel):
    model_config = _CONFIG


class ModelInfo(BaseModel):
    """Which model produced the transcript, precisely enough to reproduce it."""

    model_config = ConfigDict(**_CONFIG, protected_namespaces=())
    id: str
    backend: str = "none"
    file_hash: str | None = None


class TaskInfo(BaseModel):
    """The task and the instance being solved."""

    model_config = _CONFIG
    name: str
    instance: str = ""
    objective: str = ""


class HeaderEvent(_Event):
    """First line of every transcript."""

    event: Literal["header"] = "header"
    schema_version: WholeNumber = SCHEMA_VERSION
    tool_version: str
    loop: str
    scaffold: str
    model: ModelInfo
    task: TaskInfo
    seed: WholeNumber | None = None
    config: FreeJSON = Field(default_factory=dict)
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))


class StateEvent(_Event):
    """Opens a step: the loop's state after the step, as text and/or images."""

    event: Literal["state"] = "state"
    step: StepId
    parent: StepId | None = None
    text: LongText | None = None
    image: ImageData | None = None
    preview: ImageData | None = Field(
        default=None, description="What the state is heading to, e.g. a diffusion model's x̂0."
    )
    final: bool = False
    attrs: Attrs = Field(default_factory=dict)
    revisit_of: StepId | None = Field(
        default=None,
        description="This step returns to the node first recorded at that step (no new seed), "
        "e.g. an MCTS simulation starting again from the root.",
    )


class TokenAlternative(BaseModel):
    """One alternative token the model considered at a position."""

    model_config = _CONFIG
    token: str
    logprob: Number


class TokenChoice(BaseModel):
    """A generated token with its logprob and the model's top alternatives."""

    model_config = _CONFIG
    token: str
    logprob: Number
    top: list[TokenAlternative] = Field(default_factory=list)


class SearchStats(BaseModel):
    """A searcher's own statistics for one option at the moment of the choice."""

    model_config = _CONFIG
    visits: Count | None = Field(default=None, description="Visit count N(s, a).")
    value: Number | None = Field(default=None, description="Backed-up value, e.g. the mean Q.")
    prior: Number | None = Field(default=None, description="Policy prior P(s, a) (PUCT).")
    rule_value: Number | None = Field(
        default=None, description="What the selection rule maximised, e.g. Q + c·√(ln N / n)."
    )


class Candidate(BaseModel):
    """One explored option. `parent` is the candidate (or frontier item) it extends."""

    model_config = _CONFIG
    id: str
    text: LongText | None = None
    image: ImageData | None = None
    parent: str | None = None
    tokens: list[TokenChoice] | None = None
    attrs: Attrs = Field(default_factory=dict)
    eligible: bool = Field(
        default=True, description="False: the rule could not choose it (illegal, a duplicate)."
    )
    ineligible_reason: LongText | None = None
    stats: SearchStats | None = None


class CandidatesEvent(_Event):
    """The candidates generated at a step."""

    event: Literal["candidates"] = "candidates"
    step: StepId
    candidates: list[Candidate]


class ScoreEvent(_Event):
    """One evaluation of one candidate. `kind` says whose objective it is."""

    event: Literal["score"] = "score"
    step: StepId
    candidate: str
    value: Number | None
    scorer: str
    kind: Literal["internal", "external"]
    detail: LongText | None = None


class SelectEvent(_Event):
    """The candidates kept at a step, and the rule that kept them."""

    event: Literal["select"] = "select"
    step: StepId
    chosen: list[str]
    rule: str
    rank: list[Count] | None = Field(
        default=None,
        description="Visit order of `chosen` (0 first; ties share a rank), e.g. depth-first "
        "search trying the best child first and the others after backtracking.",
    )
    choice: ChoiceKind = "evaluated"
    stage: str | None = Field(
        default=None,
        description="Names a further selection in the same step, e.g. `prune` on the "
        "children's own values; None is the step's main selection.",
    )


class ForkEvent(_Event):
    """A new branch starts at `step` from the recorded state of `from_step`."""

    event: Literal["fork"] = "fork"
    step: StepId
    from_step: StepId
    seed: WholeNumber | None = None
    params: FreeJSON = Field(default_factory=dict)


class NoteEvent(_Event):
    """Free text from the loop or the user."""

    event: Literal["note"] = "note"
    step: StepId
    text: LongText


class ErrorEvent(_Event):
    """Something failed during the step; the loop carried on or stopped cleanly."""

    event: Literal["error"] = "error"
    step: StepId
    message: LongText
    kind: str = "error"
    fatal: bool = False


class MetricsEvent(_Event):
    """Cost of the step."""

    event: Literal["metrics"] = "metrics"
    step: StepId
    tokens: Count | None = None
    nfe: Count | None = None
    wall_s: Number | None = None
    attrs: Attrs = Field(default_factory=dict)


StepEvent = Annotated[
    StateEvent
    | CandidatesEvent
    | ScoreEvent
    | SelectEvent
    | ForkEvent
    | NoteEvent
    | ErrorEvent
    | MetricsEvent,
    Field(discriminator="event"),
]
Event = Annotated[HeaderEvent | StepEvent, Field(discriminator="event")]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_KINDS: tuple[str, ...] = (
    "header",
    "state",
    "candidates",
    "score",
    "select",
    "fork",
    "note",
    "error",
    "metrics",
)


class EventTooLarge(ValueError):
    """An event whose line would pass the reader's limit: refused rather than written."""


def dump_event(event: BaseModel) -> str:
    """One JSON line (no newline), compact, with `event` and `step` first.

    Raises `EventTooLarge` for a line the reader would refuse (over `MAX_LINE_BYTES`).
    """
    line = event.model_dump_json(exclude_defaults=False)
    if 4 * len(line) >= MAX_LINE_BYTES and len(line.encode("utf-8")) >= MAX_LINE_BYTES:
        kind, step = getattr(event, "event", "?"), getattr(event, "step", None)
        where = f"step {step}: " if step is not None else ""
        mib = MAX_LINE_BYTES // (1024 * 1024)
        raise EventTooLarge(f"{where}{kind} event is {len(line)} characters, over {mib} MiB")
    return line
