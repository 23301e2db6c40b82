"""`--set prompt=compare`: the scratchpad asks for several attempts in one text, each judged by
the model, and a pick, so that search can happen inside the text (see `mesascope extract`)."""

from __future__ import annotations

from typing import Any

from scaffold.models.text_model import ChatMessage
from scaffold.tasks.arithmetic import fmt, fmt_all
from scaffold.tasks.base import Task

ARITHMETIC = (
    "Write three different attempts, each on its own line starting 'Attempt N:', with its "
    "steps and the number it reaches. After each attempt say whether it works. Then end with "
    "'Answer: <expression> = {target}' for the attempt that works best."
)
FREE_TEXT = (
    "Write three different options, each starting 'Option A:', 'Option B:' or 'Option C:', "
    "and rate each out of 10. Then write 'I'll go with option X.' for the one you rate best."
)


class ComparePrompts:
    """The task's own prompts, with `solve` and `scratchpad` asking to compare attempts."""

    def __init__(self, base: Any, task: Task) -> None:
        self.base = base
        self.version = f"{base.version}+compare"
        target = getattr(task, "target", None)
        if target is not None:
            numbers = fmt_all(task.numbers)  # type: ignore[attr-defined]
            self.ask = (f"{base.rules}\nNumbers: {numbers} (target {fmt(target)})\n"
                        + ARITHMETIC.format(target=fmt(target)))
        else:
            self.ask = f"Task: {task.instance}\n{FREE_TEXT}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def solve(self) -> list[ChatMessage]:
        return [ChatMessage("user", self.ask)]

    def scratchpad(self, pad: str) -> list[ChatMessage]:
        return [ChatMessage("user", f"{self.ask}\nYour scratchpad so far:\n{pad}\n"
                                    "Compare again, with new attempts where the old ones failed.")]
