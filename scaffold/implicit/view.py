"""The derived decisions of one recorded step, shaped for display: a StepView whose candidates
are the options found in the state's text, and the character spans to highlight."""

from __future__ import annotations

from functools import lru_cache

from scaffold.errors import InputError
from scaffold.implicit.derive import decision_events
from scaffold.implicit.extract import TextTask, answer_of, extract_text, header_task
from scaffold.implicit.model import DerivedDecision
from scaffold.transcript.events import HeaderEvent, SelectEvent
from scaffold.transcript.events import StepEvent as StepEventT
from scaffold.transcript.steps import StepView

Mark = tuple[int, int, str]
"""(start, end, kind): kind is chosen, judged, unjudged, judgement or choice."""
NESTED = frozenset({"judgement"})
"""Mark kinds that lie inside another mark (a judging word inside its option)."""


def task_of(header: HeaderEvent | None) -> TextTask:
    """The header's task, or free text when it has none or its instance does not parse."""
    if header is None:
        return TextTask("prompt")
    try:
        return header_task(header)
    except InputError:
        return TextTask(header.task.name)


@lru_cache(maxsize=64)
def _decisions(text: str, task: TextTask, answer: str | None) -> tuple[DerivedDecision, ...]:
    return tuple(extract_text(text, task, answer))


def warm_decisions(text: str, task: TextTask, answer: str | None = None) -> None:
    """Find the options in `text` now, so showing them later costs only the painting."""
    _decisions(text, task, answer)


def derived_view(view: StepView, task: TextTask) -> StepView:
    """The step with its recorded decision replaced by the ones found in its text."""
    text = view.state.text if view.state is not None else None
    answer = answer_of(view.state) if view.state is not None else None
    events: list[StepEventT] = [view.state] if view.state is not None else []
    chosen: list[str] = []
    rules: list[str] = []
    for d in _decisions(text, task, answer) if text else ():
        for ev in decision_events(view.step, view.step, view.step, text or "", d, task)[1:]:
            if isinstance(ev, SelectEvent):
                chosen.extend(ev.chosen)
                rules.append(ev.rule)
            else:
                events.append(ev)
    if chosen:
        events.append(SelectEvent(step=view.step, chosen=chosen, rule="; ".join(rules)))
    return StepView.from_events(view.step, events)


def span_marks(text: str, task: TextTask, answer: str | None = None) -> list[Mark]:
    """Spans of the options (by whether the text chose or judged them), their judgements and
    the words that choose, sorted. Judgements lie inside their options (they are drawn on top,
    `NESTED`); the other marks do not overlap each other (earlier marks win), nor do
    judgements."""
    marks: list[Mark] = []
    for d in _decisions(text, task, answer):
        chosen = d.choice.option if d.choice else None
        for o in d.options:
            kind = "chosen" if o.id == chosen else ("judged" if o.judgements else "unjudged")
            marks.append((o.span[0], o.span[1], kind))
            marks.extend((j.span[0], j.span[1], "judgement") for j in o.judgements)
        if d.choice is not None:
            marks.append((d.choice.span[0], d.choice.span[1], "choice"))
    out: list[Mark] = []
    for nested in (False, True):
        kept: list[Mark] = []
        for start, end, kind in sorted({m for m in marks if (m[2] in NESTED) == nested}):
            if kept and start < kept[-1][1]:
                start = kept[-1][1]
            if start < end:
                kept.append((start, end, kind))
        out += kept
    return sorted(out)
