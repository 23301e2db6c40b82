"""Prompts for a free-text task: plans written step by step and judged by the model itself."""

from __future__ import annotations

from scaffold.models.text_model import ChatMessage
from scaffold.tasks.base import Node, Task


def _user(text: str) -> list[ChatMessage]:
    return [ChatMessage("user", text)]


class FreeTextPrompts:
    version = "free-text-v1"

    def __init__(self, task: Task) -> None:
        self.prompt = task.instance

    def propose(self, node: Node) -> list[ChatMessage]:
        return _user(
            f"Task: {self.prompt}\nPlan so far:\n{node.text}\n"
            "Write only the next step of the plan, in one sentence."
        )

    def value(self, node: Node) -> list[ChatMessage]:
        return _user(
            f"Task: {self.prompt}\nPlan:\n{node.text}\nIs this a good plan so far? "
            "Answer yes or no."
        )

    def solve(self) -> list[ChatMessage]:
        return _user(f"{self.prompt}\nAnswer briefly.")

    def judge(self, attempt: str) -> list[ChatMessage]:
        return _user(
            f"Task: {self.prompt}\nAnswer:\n{attempt}\nIs this a good answer? Answer yes or no."
        )

    def critique(self, attempt: str) -> list[ChatMessage]:
        return _user(
            f"Task: {self.prompt}\nAnswer:\n{attempt}\nName its biggest weakness in one sentence."
        )

    def revise(self, attempt: str, critique: str) -> list[ChatMessage]:
        return _user(
            f"Task: {self.prompt}\nAnswer:\n{attempt}\nFeedback: {critique}\n"
            "Write an improved answer, briefly."
        )

    def scratchpad(self, pad: str) -> list[ChatMessage]:
        return _user(
            f"Task: {self.prompt}\nYour scratchpad so far:\n{pad}\n"
            "Read it and write your next, improved plan, briefly."
        )
