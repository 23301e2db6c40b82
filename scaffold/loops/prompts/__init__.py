"""Prompt families for the scratchpad loops, one per task kind."""

from __future__ import annotations

from typing import Protocol

from scaffold.models.text_model import ChatMessage
from scaffold.tasks.base import Node, Task


class PromptSet(Protocol):
    """Every prompt a scratchpad scaffold sends. Yes/no questions feed the internal value."""

    version: str

    def propose(self, node: Node) -> list[ChatMessage]: ...
    def value(self, node: Node) -> list[ChatMessage]: ...
    def solve(self) -> list[ChatMessage]: ...
    def judge(self, attempt: str) -> list[ChatMessage]: ...
    def critique(self, attempt: str) -> list[ChatMessage]: ...
    def revise(self, attempt: str, critique: str) -> list[ChatMessage]: ...
    def scratchpad(self, pad: str) -> list[ChatMessage]: ...


def prompts_for(task: Task, *, prefill: bool = True, style: str = "default") -> PromptSet:
    """The task kind's prompts; `prefill`: the backend continues a final assistant message;
    `style="compare"`: whole attempts are several, judged and picked inside one text."""
    base: PromptSet
    if task.kind == "arithmetic":
        from scaffold.loops.prompts.arithmetic import ArithmeticPrompts

        base = ArithmeticPrompts(task, prefill=prefill)  # type: ignore[arg-type]
    else:
        from scaffold.loops.prompts.free_text import FreeTextPrompts

        base = FreeTextPrompts(task)
    if style == "compare":
        from scaffold.loops.prompts.compare import ComparePrompts

        return ComparePrompts(base, task)
    return base
