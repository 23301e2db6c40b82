"""A state's objective: the first finite number among the attrs loops use for it.

One definition for everything that reads it: the scorer's progress trend and the live run's
"score drop" breakpoint.
"""

from __future__ import annotations

import math

from scaffold.transcript.steps import StepView

STATE_OBJECTIVE_KEYS = ("objective", "score", "value", "reward", "fitness")


def state_objective(view: StepView | None) -> float | None:
    """The state's objective, or None when the step has no state or no finite value."""
    if view is None or view.state is None:
        return None
    for key in STATE_OBJECTIVE_KEYS:
        value = view.state.attrs.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None
