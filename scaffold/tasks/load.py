"""Build a task from the `run` flags."""

from __future__ import annotations

from scaffold.errors import InputError
from scaffold.tasks.base import Task

TASKS = ("game24", "countdown", "prompt")


def load_task(name: str, puzzle: str | None = None, seed: int = 0, depth: int = 3) -> Task:
    """`--task` with `--puzzle` (numbers, a countdown instance, or the prompt text)."""
    if name == "game24":
        from scaffold.tasks.game24 import game24_task

        return game24_task(puzzle, seed)
    if name == "countdown":
        from scaffold.tasks.countdown import countdown_task

        return countdown_task(puzzle, seed)
    if name == "prompt":
        from scaffold.tasks.prompt import PromptTask

        return PromptTask(puzzle, depth)
    raise InputError(f"--task: unknown task {name!r} (choose {', '.join(TASKS)})")
