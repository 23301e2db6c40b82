"""A user's loop (the Loop protocol: `start`/`fork` yielding events) can record a candidate id
twice in one decision, or parents that lead round in a cycle; `mesascope info`'s reference
check said `ok` to both (exploratory QA). Now each is a broken reference of its own kind."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from scaffold.transcript.events import (
    Candidate,
    CandidatesEvent,
    ForkEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    StepEvent,
)
from scaffold.transcript.references import RefKind, check_references
from tests.cli_in_process import mesascope_in_process

LOOP = '''
from scaffold.run.config import LoopConfig
from scaffold.transcript.events import (Candidate, CandidatesEvent, HeaderEvent, ModelInfo,
                                        ScoreEvent, SelectEvent, StateEvent, TaskInfo)


class Tangled:
    """Two steps, each the other's parent; two candidates called `c` in the first."""

    def __init__(self, config: LoopConfig) -> None:
        self.header = HeaderEvent(tool_version="0", loop="custom", scaffold="Tangled",
                                  model=ModelInfo(id="none", backend="none"),
                                  task=TaskInfo(name="t", objective="o"), seed=0, config={})

    def start(self, ids):
        a, b = ids.take(), ids.take()
        yield [StateEvent(step=a, parent=b, text="x"),
               CandidatesEvent(step=a, candidates=[Candidate(id="c", text="1"),
                                                   Candidate(id="c", text="2")]),
               ScoreEvent(step=a, candidate="c", scorer="s", value=1.0, kind="internal"),
               SelectEvent(step=a, chosen=["c"], rule="argmax s")]
        yield [StateEvent(step=b, parent=a, text="y")]

    def fork(self, origin, ids, seed, params):
        return iter(())
'''


def _decision(step: int, *ids: str) -> list[StepEvent]:
    return [CandidatesEvent(step=step, candidates=[Candidate(id=i, text=i) for i in ids]),
            ScoreEvent(step=step, candidate=ids[0], scorer="s", value=1.0, kind="internal"),
            SelectEvent(step=step, chosen=[ids[0]], rule="argmax s")]


def test_info_reports_a_user_loops_duplicate_candidate_and_parent_cycle(tmp_path: Path) -> None:
    (tmp_path / "tangled.py").write_text(LOOP)
    out = tmp_path / "tangled.jsonl"
    ran = mesascope_in_process("run", "--loop", f"{tmp_path / 'tangled.py'}:Tangled",
                               "--headless", "--out", out)
    assert ran.returncode == 0, ran.stderr
    info = mesascope_in_process("info", out)
    assert info.returncode == 0, info.stderr
    line = next(x for x in info.stdout.splitlines() if x.strip().startswith("references"))
    assert line.split(None, 1)[1] == (
        "2 broken references between events (1 duplicate candidate, 1 parent cycle; first: "
        "step 0 lists candidate 'c' more than once)")


def test_each_cycle_and_each_repeated_id_is_counted_once() -> None:
    events: list[StepEvent] = [
        StateEvent(step=0, text="root"),
        *_decision(0, "a", "b"),
        StateEvent(step=1, parent=0), StateEvent(step=2, parent=0),  # a diamond's top: fine
        ForkEvent(step=3, from_step=1), StateEvent(step=3, parent=1),  # a fork: fine
        *_decision(3, "x", "x", "x"),  # listed three times: two repeats
        CandidatesEvent(step=3, candidates=[Candidate(id="a")]),  # another step's id: fine
        StateEvent(step=4, parent=6), StateEvent(step=5, parent=4),  # 4 -> 6 -> 5 -> 4,
        StateEvent(step=6, parent=5),                                  # parents written first
        ForkEvent(step=7, from_step=8), StateEvent(step=8, parent=7),  # through a fork
        StateEvent(step=9, parent=9),  # itself: a missing parent, not a cycle
    ]
    found = check_references(events)
    assert found.counts == Counter({RefKind.DUPLICATE: 2, RefKind.CYCLE: 2, RefKind.PARENT: 1})
    assert found.first[RefKind.DUPLICATE] == "step 3 lists candidate 'x' more than once"
    assert found.first[RefKind.CYCLE] == "parents and forks lead round steps 4 -> 6 -> 5 -> 4"


def test_a_long_cycle_is_named_by_its_first_steps_and_checked_without_recursion() -> None:
    n = 20_000
    events: list[StepEvent] = [StateEvent(step=k, parent=(k + 1) % n) for k in range(n)]
    found = check_references(events)
    assert found.counts == Counter({RefKind.CYCLE: 1})
    assert found.first[RefKind.CYCLE] == ("parents and forks lead round steps "
                                          "0 -> 1 -> 2 -> 3 -> 4 -> 5 -> …")


def test_a_cycle_through_a_steps_second_link_is_found() -> None:
    """Step 1's second state names another parent; the cycle goes through that one."""
    events: list[StepEvent] = [StateEvent(step=0), StateEvent(step=1, parent=0),
                               StateEvent(step=1, parent=2), StateEvent(step=2, parent=1)]
    found = check_references(events)
    assert found.counts == Counter({RefKind.SECOND_STATE: 1, RefKind.CYCLE: 1})
    assert found.first[RefKind.CYCLE] == "parents and forks lead round steps 1 -> 2 -> 1"


def test_the_scorers_grouping_pass_counts_the_same_as_add() -> None:
    """`add_grouped` (the scorer's one pass that checks and groups) handles candidates inline;
    merged beside the duplicate check, it had skipped it."""
    from scaffold.transcript.references import ReferenceCheck

    events: list[StepEvent] = [StateEvent(step=0, text="root"), *_decision(0, "x", "x", "y"),
                               CandidatesEvent(step=0, candidates=[Candidate(id="y")]),
                               StateEvent(step=1, parent=2), StateEvent(step=2, parent=1)]
    grouped = ReferenceCheck()
    grouped.add_grouped(events)
    assert grouped.counts == check_references(events).counts == Counter(
        {RefKind.DUPLICATE: 2, RefKind.CYCLE: 1})
