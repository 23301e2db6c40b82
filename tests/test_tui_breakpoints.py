"""`r`'s breakpoints: a final state, or an objective that falls by more than the tolerance."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scaffold.transcript.events import StateEvent
from scaffold.transcript.steps import StepView
from tui.breakpoints import DROP_TOLERANCE, breakpoint_reason


def view(step: int, parent: int | None, objective: float, final: bool = False) -> StepView:
    state = StateEvent(step=step, parent=parent, final=final, attrs={"objective": objective})
    return StepView.from_events(step, [state])


def test_a_diffusion_sized_wobble_is_not_a_drop_but_a_real_fall_is() -> None:
    parent = view(0, None, -0.006643)
    assert breakpoint_reason([view(8, 0, -0.006819)], {0: parent}) is None
    reason = breakpoint_reason([view(8, 0, -0.5)], {0: parent})
    assert reason is not None and reason.startswith("score drop at step id 8")
    assert breakpoint_reason([view(1, None, 1.0)], {}) is None, "no parent: nothing to compare"


def test_game24_reachability_falling_from_1_to_0_stops_and_final_wins() -> None:
    parent = view(0, None, 1.0)
    assert "score drop" in str(breakpoint_reason([view(1, 0, 0.0)], {0: parent}))
    reason = breakpoint_reason([view(1, 0, 0.0), view(2, 0, 1.0, final=True)], {0: parent})
    assert reason == "solved: step id 2 is final"


@given(st.floats(-100, 100), st.floats(-100, 100))
def test_it_stops_exactly_when_the_fall_exceeds_the_tolerance(before: float, after: float) -> None:
    reason = breakpoint_reason([view(1, 0, after)], {0: view(0, None, before)})
    assert (reason is not None) == (after < before - DROP_TOLERANCE)


def test_a_recorded_error_stops_the_run_first() -> None:
    from scaffold.transcript.events import ErrorEvent

    failed = StepView.from_events(3, [StateEvent(step=3, final=True),
                                      ErrorEvent(step=3, message="refused\x1b[2J", kind="backend")])
    reason = breakpoint_reason([failed], {})
    assert reason is not None and reason.startswith("backend error at step id 3: refused")
    assert "\x1b" not in reason, "the message is made inert"
