"""What a loop needs from a task: a root state, a parser for proposals, and objectives.

A task knows its domain (numbers, rules, verifier); it knows nothing about prompts or models.
Loops ask it to turn a model's text into a child state (`expand`) and to score states and whole
attempts on the external objective. `None` means "no verdict possible", never "bad".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal, Protocol

from scaffold.transcript.events import Attrs

ParseStatus = Literal["ok", "invalid", "unparseable"]


@dataclass(frozen=True)
class Score:
    """One external evaluation: a value in [0, 1] (or None) and a short reason."""

    value: float | None
    detail: str
    solved: bool = False


class Node(Protocol):
    """A partial solution: what a tree-of-thoughts frontier holds."""

    @property
    def key(self) -> str:
        """Equal for equivalent states (used to de-duplicate and cache values)."""
        ...

    @property
    def text(self) -> str:
        """The state as a person (and the model) reads it."""
        ...

    @property
    def depth(self) -> int: ...

    def to_json(self) -> str: ...


@dataclass(frozen=True)
class Expansion:
    """A proposal parsed against its parent: the child state if there is one, and why not."""

    status: ParseStatus
    text: str
    node: Node | None = None
    attrs: Attrs = field(default_factory=dict)


class Task(Protocol):
    """An objective, a verifier and a proposal parser for one instance."""

    name: str
    kind: str
    """Which prompt family fits: "arithmetic" or "free-text"."""
    instance: str
    objective: str
    depth: int
    """Natural tree depth (moves to a full solution); 0 when unbounded."""

    @property
    def has_verifier(self) -> bool: ...

    def root(self) -> Node: ...

    def node_from_json(self, text: str) -> Node:
        """Rebuild a node recorded with `Node.to_json` (for forks); InputError if malformed."""
        ...

    def expand(self, node: Node, text: str, seen: Collection[str] = ()) -> Expansion:
        """The child state one model output proposes from `node`. `seen`: keys of states
        already proposed from `node`; an output with several moves gives a new one if it can."""
        ...

    def node_score(self, node: Node) -> Score | None:
        """Partial-progress objective of an intermediate state; None without a verifier."""
        ...

    def attempt_score(self, text: str) -> Score | None:
        """Verifier on a whole written attempt; None without a verifier."""
        ...

    def is_terminal(self, node: Node) -> bool: ...
