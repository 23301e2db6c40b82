"""The generic search-tree file that `mesascope import tree` reads (docs/importers.md).

One JSON object with a list of nodes. Each node names its parent, so any searcher that keeps a
tree (MCTS, depth-first or best-first search, a ToT run) can be written out with a few lines of
adapter code. Validation is strict (unknown keys are refused), and every problem is reported as
one line naming the node and the field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from scaffold.errors import InputError

MAX_BYTES = 256 * 1024 * 1024


def _not_boolean(value: Any) -> Any:
    """pydantic would read true and false in a number field as 1 and 0."""
    if isinstance(value, bool):
        raise ValueError(f"should be a number, not {str(value).lower()}")
    return value


Real = Annotated[float, BeforeValidator(_not_boolean)]
Whole = Annotated[int, BeforeValidator(_not_boolean)]


class TreeNode(BaseModel):
    """One node of the search tree."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1)
    parent: str | None = None
    text: str | None = None
    value: Real | None = Field(default=None, description="The searcher's own value (Q).")
    values: dict[str, Real | None] = Field(
        default_factory=dict, description="More values by scorer name, e.g. a heuristic."
    )
    visits: Whole | None = Field(default=None, ge=0)
    prior: Real | None = None
    order: Whole | None = Field(
        default=None, ge=0, description="When its parent visited it: 0 first; ties allowed."
    )
    eligible: bool = True
    reason: str | None = Field(default=None, description="Why it is not eligible.")
    pruned: bool = False
    reward: Real | None = Field(default=None, description="Terminal reward (external).")

    @field_validator("value", "prior", "reward")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v


class TreeFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["mesascope-tree"] = "mesascope-tree"
    version: Literal[1] = 1
    searcher: str = "tree"
    task: str = "imported"
    instance: str = ""
    objective: str = ""
    model: str = "unknown"
    scorer: str = Field(default="value", min_length=1)
    rank_by: Literal["order", "visits", "none"] | None = None
    rule: str | None = None
    nodes: list[TreeNode] = Field(min_length=1)


def _where(err: ValidationError, data: object) -> str:
    first = err.errors()[0]
    loc = list(first["loc"])
    parts: list[str] = []
    for i, key in enumerate(loc):
        if isinstance(key, int) and i and loc[i - 1] == "nodes":
            node = data["nodes"][key] if isinstance(data, dict) else None
            name = node.get("id") if isinstance(node, dict) else None
            parts[-1] = f"nodes[{key}]" + (f" (id {str(name)[:40]!r})" if name else "")
        else:
            parts.append(str(key))
    return f"{'.'.join(parts) or 'file'}: {first['msg']}"


def read_tree(path: Path) -> TreeFile:
    """Parse and check a tree file; any problem raises InputError naming the file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a tree file")
    if size > MAX_BYTES:
        raise InputError(f"{path}: larger than {MAX_BYTES // 2**20} MiB")
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not JSON ({str(err).splitlines()[0][:80]})") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object with a list of nodes")
    try:
        tree = TreeFile.model_validate(data)
    except ValidationError as err:
        raise InputError(f"{path}: {_where(err, data)}") from None
    _check_links(path, tree)
    return tree


def _check_links(path: Path, tree: TreeFile) -> None:
    ids: set[str] = set()
    for node in tree.nodes:
        if node.id in ids:
            raise InputError(f"{path}: node id {node.id[:40]!r} appears twice")
        ids.add(node.id)
    parent = {n.id: n.parent for n in tree.nodes}
    for node in tree.nodes:
        if node.parent is not None and node.parent not in ids:
            raise InputError(f"{path}: node {node.id[:40]!r} names an unknown parent "
                             f"{node.parent[:40]!r}")
    if not any(p is None for p in parent.values()):
        raise InputError(f"{path}: no root (every node has a parent)")
    state: dict[str, int] = {}
    for start in parent:
        trail = []
        cur: str | None = start
        while cur is not None and state.get(cur) is None:
            state[cur] = 1
            trail.append(cur)
            cur = parent[cur]
        if cur is not None and state.get(cur) == 1:
            raise InputError(f"{path}: the parent links of node {cur[:40]!r} form a cycle")
        for node_id in trail:
            state[node_id] = 2
