"""Game of 24: four numbers, + - * / and parentheses, each number once, reach 24 exactly.

Puzzles are the 1,362 from the Tree of Thoughts repository, ranked by human solve time.
"""

from __future__ import annotations

import csv
import io
import random
from functools import lru_cache
from importlib import resources

from scaffold.errors import InputError
from scaffold.tasks.arithmetic import GAME24_RULES
from scaffold.tasks.target_number import TargetNumberTask, parse_numbers

TARGET = 24


@lru_cache(maxsize=1)
def load_puzzles() -> tuple[tuple[int, ...], ...]:
    """The bundled puzzles in rank order (easiest first)."""
    text = resources.files("scaffold.data").joinpath("game24.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return tuple(tuple(int(x) for x in row["Puzzles"].split()) for row in rows)


def pick_puzzle(puzzle: str | None, seed: int) -> tuple[int, ...]:
    """`--puzzle "4 9 10 13"`, `--puzzle "#900"` (rank, 1-based), or a seeded pick."""
    puzzles = load_puzzles()
    if puzzle is None:
        return puzzles[random.Random(f"game24:{seed}").randrange(len(puzzles))]
    text = puzzle.strip()
    if text.startswith("#"):
        try:
            rank = int(text[1:])
        except ValueError:
            raise InputError(f"--puzzle: expected #RANK, got {puzzle!r}") from None
        if not 1 <= rank <= len(puzzles):
            raise InputError(f"--puzzle: rank must be 1..{len(puzzles)}, got {rank}")
        return puzzles[rank - 1]
    return parse_numbers(text, "--puzzle", count=4)


def game24_task(puzzle: str | None = None, seed: int = 0) -> TargetNumberTask:
    return TargetNumberTask("game24", pick_puzzle(puzzle, seed), TARGET, GAME24_RULES)
