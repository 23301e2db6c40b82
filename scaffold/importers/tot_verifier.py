"""The task's exact verifier as an external score on imported candidates, where one exists.

The importer never judges answers itself: it borrows `scaffold.tasks.game24`, whose
`attempt_score` reads a whole written attempt (ToT candidates are cumulative: every move so far,
then possibly `Answer: ...`). It scores 1 for a verified solution and up to 0.5 for legal moves
that keep 24 reachable. Naive logs do not record the puzzle; ToT's `idx` is the row of the same
1,362-puzzle list the task bundles, so the puzzle is recovered from it.
"""

from __future__ import annotations

from functools import lru_cache

from scaffold.errors import InputError
from scaffold.importers.tot_events import ExternalScorer
from scaffold.tasks.game24 import game24_task, load_puzzles
from scaffold.tasks.target_number import TargetNumberTask

GAME24_SCORER = "game24-verifier"


@lru_cache(maxsize=256)
def _game24(x: str) -> TargetNumberTask | None:
    try:
        return game24_task(x)
    except InputError:
        return None


@lru_cache(maxsize=65536)
def _score_game24(x: str, text: str) -> tuple[float | None, str | None]:
    task = _game24(x)
    if task is None:
        return None, f"not a game24 puzzle: {x[:40]!r}"
    score = task.attempt_score(text)
    return score.value, score.detail


def external_scorer(task: str) -> tuple[str, ExternalScorer] | None:
    """(scorer name, function) for the task's exact verifier, or None if the repo has none."""
    return (GAME24_SCORER, _score_game24) if task == "game24" else None


def instance_from_idx(task: str, idx: int | None) -> str | None:
    """The puzzle a ToT log's `idx` names, for logs that do not record `x` (naive runs)."""
    if task != "game24" or idx is None:
        return None
    puzzles = load_puzzles()
    return " ".join(str(n) for n in puzzles[idx]) if 0 <= idx < len(puzzles) else None
