"""Prompts for reaching a target number (Game of 24, Countdown), in the Tree-of-Thoughts style:
a few-shot "possible next steps" proposer and a short yes/no value question.

The proposer's reply is pre-filled with "Possible next steps:", so a small chat model continues
the list instead of talking about it. Measured on the embedded SmolLM2-135M (5 puzzles, 3 seeds,
K=4 at temperature 0.7): with the list header at the end of the user message 20% of proposals
were legal moves and 1 of 15 groups held two distinct legal states; pre-filled, 55% and 10 of
15. (The example as a separate user/assistant exchange, pre-filled, made 100% legal but mostly
the same first move: 7 of 15.)
"""

from __future__ import annotations

from scaffold.models.text_model import ChatMessage
from scaffold.tasks.arithmetic import fmt, fmt_all
from scaffold.tasks.base import Node
from scaffold.tasks.target_number import NumbersNode, TargetNumberTask

PROPOSE_EXAMPLE = """Numbers: 3 5 7 12
Possible next steps:
3 + 5 = 8 (left: 7 8 12)
12 / 3 = 4 (left: 4 5 7)
7 - 5 = 2 (left: 2 3 12)
5 * 7 = 35 (left: 3 12 35)
12 - 7 = 5 (left: 3 5 5)"""
PROPOSE_LIST = "Possible next steps:\n"
"""The proposer's reply starts with this (a prefill; see the module docstring)."""

SOLVE_EXAMPLE = """Numbers: 1 2 4 6 (target 24)
6 * 4 = 24 (left: 1 2 24)
2 - 1 = 1 (left: 1 24)
24 * 1 = 24 (left: 24)
Answer: 6 * 4 * (2 - 1) = 24"""

ANSWER_FORMAT = "Work one step per line, then end with a line 'Answer: <expression> = {target}'."


def _user(text: str) -> list[ChatMessage]:
    return [ChatMessage("user", text)]


class ArithmeticPrompts:
    version = "arithmetic-v2"

    def __init__(self, task: TargetNumberTask) -> None:
        self.task = task
        self.target = fmt(task.target)
        self.numbers = fmt_all(task.numbers)
        whole = "" if task.rules.fractions else " Every result must be a positive whole number."
        self.rules = (
            f"Use + - * / to combine the numbers into {self.target}, using each number exactly "
            f"once.{whole}"
        )

    def propose(self, node: Node) -> list[ChatMessage]:
        """Rules, the example and the numbers left; the reply continues "Possible next steps:"."""
        return [
            ChatMessage("user", f"{self.rules} Each step picks two of the numbers left and "
                                f"replaces them with the result.\n{PROPOSE_EXAMPLE}\n"
                                f"Numbers: {_left(node)}"),
            ChatMessage("assistant", PROPOSE_LIST),
        ]

    def value(self, node: Node) -> list[ChatMessage]:
        left = _left(node)
        if len(left.split()) == 1:
            return _user(f"Is {left} equal to {self.target}? Answer yes or no.")
        return _user(
            f"Can the numbers {left} be combined with + - * / to make {self.target}? "
            "Answer yes or no."
        )

    def solve(self) -> list[ChatMessage]:
        return _user(
            f"{self.rules} {ANSWER_FORMAT.format(target=self.target)}\nExample:\n"
            f"{SOLVE_EXAMPLE}\nNow solve:\nNumbers: {self.numbers} (target {self.target})\n"
        )

    def judge(self, attempt: str) -> list[ChatMessage]:
        return _user(
            f"Numbers: {self.numbers}. Target: {self.target}.\nProposed solution:\n{attempt}\n"
            f"Does it reach {self.target} using each number exactly once? Answer yes or no."
        )

    def critique(self, attempt: str) -> list[ChatMessage]:
        return _user(
            f"{self.rules}\nNumbers: {self.numbers}\nAttempt:\n{attempt}\n"
            "Name the first mistake in one sentence, or say 'correct'."
        )

    def revise(self, attempt: str, critique: str) -> list[ChatMessage]:
        return _user(
            f"{self.rules}\nNumbers: {self.numbers}\nAttempt:\n{attempt}\nFeedback: {critique}\n"
            f"Write a corrected attempt. {ANSWER_FORMAT.format(target=self.target)}"
        )

    def scratchpad(self, pad: str) -> list[ChatMessage]:
        return _user(
            f"{self.rules}\nNumbers: {self.numbers}\nYour scratchpad so far:\n{pad}\n"
            f"Read it and write your next plan. {ANSWER_FORMAT.format(target=self.target)}"
        )


def _left(node: Node) -> str:
    return node.key if isinstance(node, NumbersNode) else node.text
