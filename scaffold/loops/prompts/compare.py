"""`--set prompt=compare`: the scratchpad asks for several attempts in one text, each judged by
the model, and a pick, so that search can happen inside the text (see `mesascope extract`).

A small chat model follows the format only when it has seen it: the request is answered once
by a worked example (another puzzle or another task) as a past exchange, then asked again for
the real instance, with the reply started on the instance's own line ("Numbers: ..." or
"Task: ...") so that it goes on with "Attempt 1:" or "Option A:" (see docs/scoring.md for what
SmolLM2-135M writes with it).
"""

from __future__ import annotations

from typing import Any

from scaffold.models.text_model import ChatMessage
from scaffold.tasks.arithmetic import fmt, fmt_all
from scaffold.tasks.base import Task

ARITHMETIC = (
    "Write three different attempts, each on its own line starting 'Attempt N:', with its "
    "steps and the number it reaches. After each attempt say whether it works. Then end with "
    "'Answer: <expression> = <target>' for the attempt that works best."
)
ARITHMETIC_EXAMPLE = """Numbers: 2 3 5 8 (target 24)
Attempt 1: 3 + 5 = 8, 8 + 2 = 10. Too small, does not work.
Attempt 2: 5 - 2 = 3, 3 * 8 = 24. Works.
Attempt 3: 2 * 5 = 10, 10 + 8 = 18. Does not work.
Answer: (5 - 2) * 8 = 24"""
FREE_TEXT = (
    "Write three different options, each starting 'Option A:', 'Option B:' or 'Option C:', "
    "and rate each out of 10. Then write 'I'll go with option X.' for the one you rate best."
)
FREE_TEXT_EXAMPLE = """Task: Name a bookshop.
Option A: Sunset Books. Rating: 6/10.
Option B: The Reading Nook. Rating: 8/10.
Option C: Page One. Rating: 5/10.
I'll go with option B."""
AGAIN = "Again, for this one."


class ComparePrompts:
    """The task's own prompts, with `solve` and `scratchpad` asking to compare attempts."""

    def __init__(self, base: Any, task: Task) -> None:
        self.base = base
        self.version = f"{base.version}+compare-v2"
        target = getattr(task, "target", None)
        if target is not None:
            numbers = fmt_all(task.numbers)  # type: ignore[attr-defined]
            self.ask = f"{base.rules}\n{ARITHMETIC}"
            self.example = ARITHMETIC_EXAMPLE
            self.start = f"Numbers: {numbers} (target {fmt(target)})\n"
        else:
            self.ask = FREE_TEXT
            self.example = FREE_TEXT_EXAMPLE
            self.start = f"Task: {task.instance}\n"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def _asked(self, again: str) -> list[ChatMessage]:
        """The request, the example's answer, the request again, and the reply started."""
        return [ChatMessage("user", self.ask), ChatMessage("assistant", self.example),
                ChatMessage("user", again), ChatMessage("assistant", self.start)]

    def solve(self) -> list[ChatMessage]:
        return self._asked(AGAIN)

    def scratchpad(self, pad: str) -> list[ChatMessage]:
        return self._asked(f"{AGAIN}\nYour scratchpad so far:\n{pad}\n"
                           "Compare again, with new attempts where the old ones failed.")
