"""`LiveSession.fork` refuses bad input (a step not recorded, a seed no run may have) with one
InputError line before anything runs, instead of recording a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.loops.toy import ToyLoop
from scaffold.run.session import ForkSpec, LiveSession
from scaffold.run.stops import StopKind


def _session(tmp_path: Path) -> LiveSession:
    session = LiveSession(ToyLoop(seed=0, n=4, steps=6), tmp_path / "live.jsonl")
    assert session.step().kind is StopKind.LIMIT
    return session


def test_fork_from_a_step_not_recorded_is_an_input_error(tmp_path: Path) -> None:
    session = _session(tmp_path)
    try:
        with pytest.raises(InputError, match=r"^fork: no step 999 in .*live\.jsonl$"):
            session.fork(ForkSpec(999, 1))
        assert session.fork(ForkSpec(0, 1)).kind is StopKind.LIMIT  # the session goes on
    finally:
        session.close()


@pytest.mark.parametrize("seed", [-1, 2**63, True])
def test_a_fork_seed_no_run_may_have_is_refused(seed: int) -> None:
    """Like a run's `seed` (LoopConfig): a whole number from 0 to 2**63-1."""
    with pytest.raises(InputError, match=r"^fork seed: must be a whole number from 0 to "):
        ForkSpec(0, seed)
    assert ForkSpec(0, 2**63 - 1).seed == 2**63 - 1
