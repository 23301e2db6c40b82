"""Prompts for reaching a target number (Game of 24, Countdown), in the Tree-of-Thoughts style:
a few-shot "possible next steps" proposer and a short yes/no value question.

The proposer is shaped so that a small chat model continues the list instead of talking about
it. Measured on SmolLM2-135M (5 puzzles, 3 seeds, K=4, temperature 0.7; legal proposals, and
groups holding two distinct legal states):
- embedded backend, the list header at the end of the user message (v1): 20%, 1 of 15;
- embedded backend, the reply pre-filled with "Possible next steps:" (v2, `prefill`): 55%, 10;
  (the example as a separate exchange plus the prefill: 100% legal, but one repeated move, 7);
- llama.cpp server (no prefill): v1 23%, 0 of 15; the example as a finished user/assistant
  exchange before the numbers left (v2 without `prefill`): 67%, 5 of 15.
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
    def __init__(self, task: TargetNumberTask, *, prefill: bool = True) -> None:
        self.version = "arithmetic-v2" + ("" if prefill else "-no-prefill")
        self.prefill = prefill
        self.task = task
        self.target = fmt(task.target)
        self.numbers = fmt_all(task.numbers)
        whole = "" if task.rules.fractions else " Every result must be a positive whole number."
        self.rules = (
            f"Use + - * / to combine the numbers into {self.target}, using each number exactly "
            f"once.{whole}"
        )

    def propose(self, node: Node) -> list[ChatMessage]:
        """The numbers left after the rules and the example; the reply is pre-filled with the
        list header, or, for a backend that cannot prefill, the example is a past exchange."""
        rules = (f"{self.rules} Each step picks two of the numbers left and replaces them "
                 "with the result.")
        numbers = f"Numbers: {_left(node)}"
        if self.prefill:
            return [ChatMessage("user", f"{rules}\n{PROPOSE_EXAMPLE}\n{numbers}"),
                    ChatMessage("assistant", PROPOSE_LIST)]
        asked, answered = PROPOSE_EXAMPLE.split("\n", 1)
        return [ChatMessage("user", f"{rules}\n{asked}"), ChatMessage("assistant", answered),
                ChatMessage("user", numbers)]

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
