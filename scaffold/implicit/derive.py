"""A derived transcript: the decisions found inside the recorded texts, as events of their own.

The recorded transcript is never changed. The derived one has a header naming the source path,
its sha256 and the extractor version; then, for each recorded step with text, a state step that
copies the text (so spans index it) and one child step per decision found in it, with the
options as candidates (`attrs.span`, `attrs.source_step`), the text's own judgements as
`internal` scores, the task verifier as `external` scores, and the choice as a select event.
A decision whose text names no choice takes the option its child step continues from, if
exactly one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast, get_args

from pydantic import TypeAdapter

from scaffold import __version__
from scaffold.gc_pause import collect_young
from scaffold.implicit.across import continued_choice
from scaffold.implicit.extract import TextTask, answer_of, extract_text, header_task
from scaffold.implicit.model import DERIVED_LOOP, EXTRACTOR_VERSION, DerivedDecision
from scaffold.safe_output import write_data
from scaffold.transcript.bounds import NON_FINITE
from scaffold.transcript.events import (
    Attrs,
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    dump_event,
)
from scaffold.transcript.events import StepEvent as StepEventT
from scaffold.transcript.folder import DERIVED_SUFFIX
from scaffold.transcript.reader import read_transcript
from scaffold.transcript.references import ReferenceCheck, check_references
from scaffold.transcript.trusted import built

INTERNAL = "text-judgement"
YOUNG_EVERY = 5
"""Texts extracted between collections of the youngest generation (`gc_pause.collect_young`)."""
MAX_TEXT = 160


@dataclass(frozen=True)
class Derived:
    """A derived transcript in memory, with counts for a summary line."""

    header: HeaderEvent
    events: list[StepEventT]
    texts: int
    decisions: int
    chosen: int
    source_references: ReferenceCheck | None = None
    """The references between the source's events, when it was read from a file."""


_ATTR_VALUE: TypeAdapter[object] = TypeAdapter(get_args(Attrs)[1])


def _attr(value: object) -> object:
    """An attrs value as validation leaves it: "NaN" and the infinities spelled out become
    floats (`bounds.number_or_text`); ints, floats, booleans and other text are kept; anything
    else (lists) goes through the same validator as an event's attrs."""
    if isinstance(value, str):
        return NON_FINITE.get(value, value)
    if value is None or type(value) in (int, float, bool):
        return value
    return _ATTR_VALUE.validate_python(value)


def decision_events(step: int, parent: int, source_step: int, text: str,
                    d: DerivedDecision, task: TextTask) -> list[StepEventT]:
    """The events of one derived decision, as step `step` under `parent`.

    The events are built without validation (`trusted.built`; validating them was most of the
    cost of building events): every value is made here with the declared types, and attrs go
    through `_attr` as validation would; `tests/test_implicit_speed.py` checks that validating
    them changes nothing."""
    out: list[StepEventT] = [built(StateEvent, step=step, parent=parent, attrs={
        "source_step": source_step, "at": d.at[:200]})]
    cands = []
    judged = [o.internal for o in d.options]
    for o, j in zip(d.options, judged, strict=True):
        attrs: dict[str, object] = {"span": [o.span[0], o.span[1]],
                                    "source_step": source_step, "kind": _attr(o.kind)}
        for k, v in o.attrs.items():
            attrs[k] = _attr(v)
        if j is not None:
            attrs["judged_span"] = [j.span[0], j.span[1]]
        end = int(o.attrs.get("extent_end", o.span[1]))
        cands.append(built(Candidate, id=f"{source_step}.{o.id}",
                           text=text[o.span[0]:end][:MAX_TEXT], attrs=cast(Attrs, attrs)))
    out.append(built(CandidatesEvent, step=step, candidates=cands))
    for o, c, j in zip(d.options, cands, judged, strict=True):
        if j is not None:
            out.append(built(ScoreEvent, step=step, candidate=c.id, value=float(j.value),
                             scorer=INTERNAL, kind="internal",
                             detail=f"{j.span[0]}:{j.span[1]} {j.phrase[:80]}"))
        if task.grounded and o.external is not None:
            out.append(built(ScoreEvent, step=step, candidate=c.id, value=float(o.external),
                             scorer=task.verifier, kind="external",
                             detail=o.external_detail))
    if d.choice is not None:
        a, b = d.choice.span
        out.append(built(SelectEvent, step=step, chosen=[f"{source_step}.{d.choice.option}"],
                         rule=f"{a}:{b} {d.choice.rule}"))
    return out


def derive_events(header: HeaderEvent, events: Iterable[StepEventT], *, source: str = "",
                  sha256: str = "") -> Derived:
    """Derived header and events for a recorded transcript (see the module docstring)."""
    task = header_task(header)
    states = [ev for ev in events if isinstance(ev, StateEvent) and ev.text]
    children: dict[int, list[StateEvent]] = {}
    for ev in states:
        if ev.parent is not None:
            children.setdefault(ev.parent, []).append(ev)
    out: list[StepEventT] = []
    mapped: dict[int, int] = {}
    next_id = 0
    decisions = chosen = 0
    for ev in states:
        text = ev.text or ""
        sid = next_id
        next_id += 1
        mapped[ev.step] = sid
        parent = mapped.get(ev.parent) if ev.parent is not None else None
        # built as decision_events builds: the text and flag are the validated source's
        out.append(built(StateEvent, step=sid, parent=parent, text=text, final=ev.final,
                         attrs={"source_step": ev.step}))
        for d in extract_text(text, task, answer_of(ev)):
            if d.choice is None:
                d = _across(text, d, children.get(ev.step, []))
            out.extend(decision_events(next_id, sid, ev.step, text, d, task))
            next_id += 1
            decisions += 1
            chosen += d.choice is not None
        if len(mapped) % YOUNG_EVERY == 0:  # not every text: a collection has a fixed cost too
            collect_young()
    texts = len(states)
    config = {"source_path": source, "source_sha256": sha256, "extractor": EXTRACTOR_VERSION,
              "source_loop": header.loop, "source_scaffold": header.scaffold}
    derived = HeaderEvent(tool_version=__version__, loop=DERIVED_LOOP, scaffold=header.scaffold,
                          model=header.model, task=header.task, seed=header.seed, config=config,
                          created=header.created)
    return Derived(derived, out, texts, decisions, chosen)


def _across(text: str, d: DerivedDecision, kids: list[StateEvent]) -> DerivedDecision:
    for kid in kids:
        choice = continued_choice(text, d, kid.step, kid.text or "")
        if choice is not None:
            return DerivedDecision(d.at, d.options, choice)
    return d


def derive_file(path: str | Path) -> Derived:
    """Read a transcript and derive its decisions; unreadable files raise InputError."""
    path = Path(path)
    header, events, _ = read_transcript(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    derived = derive_events(header, events, source=str(path), sha256=sha)
    return replace(derived, source_references=check_references(events))


def write_derived(derived: Derived, target: str | Path, *, inputs: Iterable[Path] = (),
                  force: bool = False) -> None:
    """Write the whole file through `safe_output.write_output`: never half a transcript, never
    an input, an existing file only with `force`."""
    lines = [dump_event(derived.header), *(dump_event(ev) for ev in derived.events)]
    write_data(target, ("\n".join(lines) + "\n").encode("utf-8"), inputs=inputs, force=force)


def default_output(path: str | Path) -> Path:
    """RUN.jsonl -> RUN.implicit.jsonl."""
    path = Path(path)
    return path.with_name(f"{path.stem}{DERIVED_SUFFIX}")
