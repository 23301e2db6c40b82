"""Typed stops of a drive: a recorded error, a final state, or an objective that falls by more
than the tolerance; and `drive` itself on the real toy loop."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scaffold.run.stops import DROP_TOLERANCE, StopKind, StopReason, breakpoint_stop
from scaffold.transcript.events import StateEvent
from scaffold.transcript.steps import StepView


def view(step: int, parent: int | None, objective: float, final: bool = False,
         solved: bool | None = None) -> StepView:
    attrs: dict[str, float | bool] = {"objective": objective}
    if solved is not None:
        attrs["solved"] = solved
    state = StateEvent(step=step, parent=parent, final=final, attrs=attrs)
    return StepView.from_events(step, [state])


def breakpoint_reason(new: list[StepView], known: dict[int, StepView]) -> str | None:
    stop = breakpoint_stop(new, known, len(new))
    return None if stop is None else stop.describe()


def test_a_diffusion_sized_wobble_is_not_a_drop_but_a_real_fall_is() -> None:
    parent = view(0, None, -0.006643)
    assert breakpoint_reason([view(8, 0, -0.006819)], {0: parent}) is None
    reason = breakpoint_reason([view(8, 0, -0.5)], {0: parent})
    assert reason is not None and reason.startswith("score drop at step id 8")
    assert breakpoint_reason([view(1, None, 1.0)], {}) is None, "no parent: nothing to compare"


def test_game24_reachability_falling_from_1_to_0_stops_and_final_wins() -> None:
    parent = view(0, None, 1.0)
    assert "score drop" in str(breakpoint_reason([view(1, 0, 0.0)], {0: parent}))
    reason = breakpoint_reason([view(1, 0, 0.0), view(2, 0, 1.0, final=True, solved=True)],
                               {0: parent})
    assert reason == "solved: step id 2 is final"


def test_a_final_state_is_called_solved_only_when_it_says_so() -> None:
    """A scratchpad run whose budget ended on an unsolved final state said 'solved' (found by
    an exploratory QA pass of the TUI)."""
    assert breakpoint_reason([view(5, None, 0.0, final=True, solved=False)], {}) == (
        "final state at step id 5 (not solved)")
    assert breakpoint_reason([view(5, None, 0.0, final=True)], {}) == "final state at step id 5"


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
    assert "\x1b" not in reason and "\\x1b[2J" in reason, "the escape is made visible"
    assert StopReason(StopKind.BACKEND_ERROR, 1, 3, "x", "backend").is_failure


def test_drive_stops_at_the_limit_at_the_end_and_on_pause(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import threading

    from scaffold.loops.runner import LoopRunner
    from scaffold.loops.toy import ToyLoop
    from scaffold.run.drive import drive

    runner = LoopRunner(ToyLoop(steps=5), tmp_path / "d.jsonl")
    seen: list[int] = []
    stop = drive(runner, limit=2, on_steps=lambda views: seen.extend(v.step for v in views))
    assert (stop.kind, stop.steps, seen) == (StopKind.LIMIT, 2, [0, 1])
    pause = threading.Event()
    pause.set()
    stop = drive(runner, pause=pause)
    assert (stop.kind, stop.steps) == (StopKind.PAUSED, 1), "a pause lets one step run first"
    stop = drive(runner)
    assert (stop.kind, stop.steps) == (StopKind.FINISHED, 2)
    assert drive(runner).kind is StopKind.FINISHED
    runner.close()
