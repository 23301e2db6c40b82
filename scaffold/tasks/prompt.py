"""A free-text prompt with no verifier: loops can only score it with the model's own judgement."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from scaffold.errors import InputError
from scaffold.tasks.base import Expansion, Node, Score

DEFAULT_PROMPT = "Plan a three-day trip to Lisbon on a small budget."


@dataclass(frozen=True)
class PlanNode:
    """A plan written one step at a time."""

    steps: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return "\n".join(" ".join(s.lower().split()) for s in self.steps)

    @property
    def depth(self) -> int:
        return len(self.steps)

    @property
    def text(self) -> str:
        return "\n".join(f"{i}. {s}" for i, s in enumerate(self.steps, 1)) or "(empty plan)"

    def to_json(self) -> str:
        return json.dumps({"steps": list(self.steps)})


class PromptTask:
    """Free text. `depth` bounds how many plan steps a tree search writes."""

    name = "prompt"
    kind = "free-text"
    objective = "none (no verifier; only the model's self-evaluation)"

    def __init__(self, prompt: str | None = None, depth: int = 3) -> None:
        self.instance = (prompt or DEFAULT_PROMPT).strip()
        if not self.instance:
            raise InputError("--puzzle: the prompt task needs a non-empty prompt")
        self.depth = depth

    @property
    def has_verifier(self) -> bool:
        return False

    def root(self) -> PlanNode:
        return PlanNode()

    def node_from_json(self, text: str) -> PlanNode:
        try:
            return PlanNode(tuple(str(s) for s in json.loads(text)["steps"]))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"fork: recorded state is not a plan ({err})") from err

    def is_terminal(self, node: Node) -> bool:
        return node.depth >= self.depth

    def expand(self, node: Node, text: str, seen: Collection[str] = ()) -> Expansion:
        """The first non-empty line of the output becomes the next plan step (`seen` unused)."""
        lines = [ln.strip(" -*•\t") for ln in text.splitlines() if ln.strip(" -*•\t")]
        if not isinstance(node, PlanNode) or not lines:
            return Expansion("unparseable", text.strip()[:400], None, {"parse": "unparseable",
                             "problem": "empty output"})
        step = lines[0][:400]
        return Expansion("ok", step, PlanNode((*node.steps, step)), {"parse": "ok"})

    def node_score(self, node: Node) -> Score | None:
        return None

    def attempt_score(self, text: str) -> Score | None:
        return None
