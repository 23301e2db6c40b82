"""Text search across steps: does a step's state, candidates, notes or errors contain a needle."""

from __future__ import annotations

from scaffold.transcript.steps import StepView


def step_matches(view: StepView, needle: str) -> bool:
    """Case-insensitive substring match; `needle` must already be case-folded."""
    texts: list[str | None] = [view.state.text if view.state else None]
    texts += [c.text for c in view.candidates]
    texts += [n.text for n in view.notes]
    texts += [e.message for e in view.errors]
    return any(t is not None and needle in t.casefold() for t in texts)
