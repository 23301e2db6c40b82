"""Reading a Tree of Thoughts log into plain records, tolerantly but never silently.

A log is a JSON list with one entry per problem. A BFS entry has `steps`, each step
`{step, x, ys, new_ys, values, select_new_ys}`; a naive IO/CoT entry has only `ys` (samples) and
`infos` (each with `r`) or `accs`. Values and step numbers may be strings, and a step may itself
be a JSON-encoded string. Anything that cannot be aligned (a missing key, `values` of another
length than `new_ys`) raises InputError naming the file, the problem index and the key.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import InputError


@dataclass(frozen=True)
class Value:
    """One value as logged: the number if it is one, else None and why."""

    number: float | None
    problem: str | None = None


@dataclass(frozen=True)
class BfsStep:
    """One BFS step: frontier, candidates, their values and the kept texts."""

    position: int
    step: int | None
    x: str | None
    frontier: list[str] | None
    candidates: list[str]
    values: list[Value]
    kept: list[str]


@dataclass(frozen=True)
class Problem:
    """One entry of the log. `steps` is empty for a naive sampling run."""

    index: int
    idx: int | None
    x: str | None
    steps: list[BfsStep]
    outputs: list[str]
    outcomes: list[float | None]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_bfs(self) -> bool:
        return bool(self.steps)


class LogShapeError(InputError):
    """A ToT log that does not have the shape run.py writes."""

    def __init__(self, path: Path, problem: str, index: int | None = None) -> None:
        where = f"{path}: problem {index}: " if index is not None else f"{path}: "
        super().__init__(where + " ".join(problem.split())[:300])


def _kind(value: object) -> str:
    names: dict[type, str] = {dict: "object", list: "list", str: "string"}
    return names.get(type(value), type(value).__name__)


def read_value(raw: object) -> Value:
    """A number, a numeric string, or None with the reason it is not a usable number."""
    if isinstance(raw, bool):
        return Value(float(raw))
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        try:
            number = float(raw.strip())
        except ValueError:
            return Value(None, f"not a number: {raw[:40]!r}")
    elif raw is None:
        return Value(None, "no value logged")
    else:
        return Value(None, f"not a number: a {_kind(raw)}")
    if not math.isfinite(number):
        return Value(None, f"not finite: {raw!r}")
    return Value(number)


def _int_or_none(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return None


class _Problem:
    """Checks on one entry, with messages that say where the fault is."""

    def __init__(self, path: Path, index: int) -> None:
        self.path, self.index = path, index

    def fail(self, problem: str) -> LogShapeError:
        return LogShapeError(self.path, problem, self.index)

    def texts(self, obj: dict[str, Any], key: str, where: str) -> list[str]:
        if key not in obj:
            raise self.fail(f"{where}missing key {key!r}")
        value = obj[key]
        if not isinstance(value, list):
            raise self.fail(f"{where}{key!r} should be a list, got a {_kind(value)}")
        for j, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{where}{key}[{j}] should be a string, got a {_kind(item)}")
        return value

    def step(self, raw: object, position: int) -> BfsStep:
        where = f"steps[{position}]: "
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except (ValueError, RecursionError):
                raise self.fail(f"{where}a string that is not a JSON object") from None
        if not isinstance(raw, dict):
            raise self.fail(f"{where}should be an object, got a {_kind(raw)}")
        candidates = self.texts(raw, "new_ys", where)
        kept = self.texts(raw, "select_new_ys", where)
        if "values" not in raw:
            raise self.fail(f"{where}missing key 'values'")
        values = raw["values"]
        if not isinstance(values, list):
            raise self.fail(f"{where}'values' should be a list, got a {_kind(values)}")
        if len(values) != len(candidates):
            raise self.fail(
                f"{where}'values' has {len(values)} entries but 'new_ys' has {len(candidates)}"
            )
        frontier = self.texts(raw, "ys", where) if "ys" in raw else None
        x = raw.get("x")
        return BfsStep(
            position=position,
            step=_int_or_none(raw.get("step")),
            x=x if isinstance(x, str) else None,
            frontier=frontier,
            candidates=candidates,
            values=[read_value(v) for v in values],
            kept=kept,
        )

    def outcomes(self, entry: dict[str, Any], n: int) -> list[float | None]:
        """Per-output correctness from `infos[*].r` or `accs`, aligned with `ys` or empty."""
        infos, accs = entry.get("infos"), entry.get("accs")
        raw: list[object] | None = None
        if isinstance(infos, list) and len(infos) == n:
            raw = [i.get("r") if isinstance(i, dict) else i for i in infos]
        elif isinstance(accs, list) and len(accs) == n:
            raw = list(accs)
        return [read_value(r).number for r in raw] if raw is not None else []

    def parse(self, entry: object) -> Problem:
        if not isinstance(entry, dict):
            raise self.fail(f"should be an object, got a {_kind(entry)}")
        idx = _int_or_none(entry.get("idx"))
        if "steps" in entry:
            raw_steps = entry["steps"]
            if not isinstance(raw_steps, list):
                raise self.fail(f"'steps' should be a list, got a {_kind(raw_steps)}")
            if not raw_steps:
                raise self.fail("'steps' is empty")
            steps = [self.step(s, k) for k, s in enumerate(raw_steps)]
            outputs = self.texts(entry, "ys", "") if "ys" in entry else list(steps[-1].kept)
        elif "ys" in entry:
            steps, outputs = [], self.texts(entry, "ys", "")
        else:
            raise self.fail("missing key 'steps' (a BFS log) or 'ys' (a naive sampling log)")
        x = entry.get("x")
        if not isinstance(x, str):
            x = next((s.x for s in steps if s.x is not None), None)
        extra = {k: v for k, v in entry.items() if k == "usage_so_far" and isinstance(v, dict)}
        return Problem(
            index=self.index,
            idx=idx,
            x=x,
            steps=steps,
            outputs=outputs,
            outcomes=self.outcomes(entry, len(outputs)),
            extra=extra,
        )


def read_tot_log(path: str | Path) -> list[Problem]:
    """Every problem of a ToT log file, checked before anything is written."""
    path = Path(path)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise LogShapeError(path, "no such file") from None
    except IsADirectoryError:
        raise LogShapeError(path, "is a directory, not a log file") from None
    except OSError as err:
        raise LogShapeError(path, f"cannot read: {err.strerror}") from None
    except ValueError as err:  # not JSON, not UTF-8, or an integer of thousands of digits
        raise LogShapeError(path, f"not JSON ({err})") from None
    except RecursionError:
        raise LogShapeError(path, "not JSON (nested too deeply)") from None
    if not isinstance(data, list):
        raise LogShapeError(path, f"expected a JSON list of problems, got a {_kind(data)}")
    if not data:
        raise LogShapeError(path, "the log holds no problems")
    return [_Problem(path, i).parse(entry) for i, entry in enumerate(data)]
