"""Text search across steps: does any text a step's panes show contain a needle (its state,
its candidates with their text attributes such as the model's raw output, the scores' details,
the selection rules, notes and errors)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from scaffold.transcript.steps import StepView


def step_matches(view: StepView, needle: str) -> bool:
    """Case-insensitive substring match; `needle` must already be case-folded."""
    return any(needle in t.casefold() for t in _texts(view))


def _texts(view: StepView) -> Iterator[str]:
    if view.state is not None:
        if view.state.text is not None:
            yield view.state.text
        yield from _attr_texts(view.state.attrs)
    for c in view.candidates:
        if c.text is not None:
            yield c.text
        yield from _attr_texts(c.attrs)
    for s in view.scores:
        if s.detail:
            yield s.detail
    for sel in view.selects:
        yield sel.rule
    for n in view.notes:
        yield n.text
    for e in view.errors:
        yield e.message


def _attr_texts(attrs: Mapping[str, object]) -> Iterator[str]:
    for value in attrs.values():
        if isinstance(value, str):
            yield value
