"""Tree shape without scores, on hand-built step trees: what counts as exploration a chain-like
process cannot produce, and what does not."""

from __future__ import annotations

from scaffold.scoring.tree_shape import tree_shape_of
from scaffold.transcript import Candidate, CandidatesEvent, SelectEvent, StateEvent, StepView


def _views(links: list[tuple[int, int | None, int | None]]) -> list[StepView]:
    """(step, parent, revisit_of) per step, in order."""
    return [StepView.from_events(s, [StateEvent(step=s, parent=p, revisit_of=r)])
            for s, p, r in links]


def test_a_chain_with_retries_and_restarts_shows_nothing() -> None:
    # 0-1-2, retry of 2 as 3 (2 abandoned), 3-4, restart from the root as 5, 5-6
    shape = tree_shape_of(_views([(0, None, None), (1, 0, None), (2, 1, None), (3, 1, None),
                                  (4, 3, None), (5, 0, None), (6, 5, None)]))
    assert shape is not None and shape.evidence == 0 and not shape.explores


def test_backtracking_into_an_interior_node_is_a_branch_point_below_the_root() -> None:
    # 0-1-2-3, back to 1: 1-4-5; node 1 has two extended children (2 and 4)
    shape = tree_shape_of(_views([(0, None, None), (1, 0, None), (2, 1, None), (3, 2, None),
                                  (4, 1, None), (5, 4, None)]))
    assert shape is not None and shape.branch_points_below_root == 1


def test_returns_to_interior_nodes_count_but_returns_to_the_root_do_not() -> None:
    # MCTS-like: root 0, child 1; later simulations revisit the root and then child 1
    views = _views([(0, None, None), (1, 0, None), (2, None, 0), (3, 2, 1), (4, None, 0),
                    (5, 4, 1)])
    shape = tree_shape_of(views)
    assert shape is not None and shape.interior_returns == 2 and shape.explores
    roots_only = tree_shape_of(_views([(0, None, None), (1, 0, None), (2, None, 0),
                                       (3, None, 0)]))
    assert roots_only is not None and roots_only.evidence == 0


def test_prunes_are_counted_from_prune_stages_and_pruned_candidates() -> None:
    events = [StateEvent(step=0),
              CandidatesEvent(step=0, candidates=[
                  Candidate(id="a"), Candidate(id="b", eligible=False,
                                               ineligible_reason="pruned: value below 0.2")]),
              SelectEvent(step=0, chosen=["a"], rule="prune", stage="prune")]
    shape = tree_shape_of([StepView.from_events(0, events)])
    assert shape is not None and shape.prunes == 2 and shape.explores
