"""The sweep spec: a TOML file validated by one pydantic model (unknown keys are errors).

A spec names a loop family and the axes whose cartesian product is the sweep: models, tasks
and their instances, scaffolds, a grid over settings, and seeds. `settings` are fixed values
shared by every run. Every axis sets fields of the family's config, so an expanded run is
validated by the family itself (`loop_family(loop).configure`) before anything runs.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scaffold.errors import InputError
from scaffold.utf8 import utf8_text

Scalar = str | int | float | bool
MAX_SEEDS = 1_000_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class InstanceSource(Strict):
    """Instances read from the task's bundled set (`bundled = true`) or a file (one a line),
    sliced `[start:stop]`."""

    bundled: bool = False
    file: str | None = None
    start: int = Field(0, ge=0)
    stop: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _one_source(self) -> InstanceSource:
        if self.bundled == (self.file is not None):
            raise ValueError("give exactly one of bundled = true or file = PATH")
        return self


class TaskSpec(Strict):
    """One task and its instances: a list, a source, or none (each seed picks one)."""

    name: str
    instances: list[str] | InstanceSource | None = None


class Resources(Strict):
    """What one run needs from Ray's scheduler, and how many workers run at once."""

    cpus: float = Field(1.0, gt=0, le=1024, description="CPUs per worker (fractions allowed).")
    memory_mb: int | None = Field(None, ge=1, description="Memory per worker, MiB.")
    workers: int | None = Field(None, ge=1, le=10_000, description="Default for --workers.")


class SweepSpec(Strict):
    """A whole sweep. Each list is an axis; the runs are their product."""

    loop: str = Field(description="A loop family: scratchpad, toy, diffusion or FILE.py:CLASS.")
    name: str | None = None
    scaffolds: list[str] | None = Field(None, min_length=1)
    seeds: list[int] | int = Field(1, description="A list of seeds, or a count (0..N-1).")
    tasks: list[TaskSpec] | None = Field(None, min_length=1)
    models: list[dict[str, Scalar]] | None = Field(None, min_length=1)
    settings: dict[str, Scalar] = Field(default_factory=dict)
    grid: dict[str, list[Scalar]] = Field(default_factory=dict)
    resources: Resources = Field(default_factory=Resources)
    score: Literal["full", "none"] = Field(
        "full", description="Score each run in its worker (index verdict, ū, p).")

    @model_validator(mode="before")
    @classmethod
    def _finite(cls, data: Any) -> Any:
        """A nan or inf setting is named as such (the union's own error said "should be a
        valid string")."""
        if isinstance(data, dict):
            for where, value in _scalars(data):
                if isinstance(value, float) and not math.isfinite(value):
                    raise ValueError(f"{where}: must be a finite number, a string or true/false, "
                                     f"got {value}")
        return data

    @model_validator(mode="after")
    def _axes(self) -> SweepSpec:
        if isinstance(self.seeds, int) and not 1 <= self.seeds <= MAX_SEEDS:
            raise ValueError(f"seeds: a count must be 1..{MAX_SEEDS}")
        if isinstance(self.seeds, list) and (not self.seeds or len(set(self.seeds)) != len(
                self.seeds)):
            raise ValueError("seeds: a non-empty list without repeats")
        for key, values in self.grid.items():
            if not values:
                raise ValueError(f"grid.{key}: an empty list gives no runs")
        owners: dict[str, str] = {}
        for where, keys in self._axis_keys():
            for key in keys:
                if key in owners and owners[key] != where:
                    raise ValueError(f"{key} is set by both {owners[key]} and {where}")
                owners[key] = where
        return self

    def _axis_keys(self) -> list[tuple[str, set[str]]]:
        axes = [("settings", set(self.settings)), ("grid", set(self.grid)), ("seeds", {"seed"})]
        if self.scaffolds is not None:
            axes.append(("scaffolds", {"scaffold"}))
        if self.tasks is not None:
            axes.append(("tasks", {"task", "puzzle"}))
        for model in self.models or []:
            axes.append(("models", set(model)))
        return axes

    @property
    def seed_list(self) -> list[int]:
        return list(range(self.seeds)) if isinstance(self.seeds, int) else list(self.seeds)


def load_spec(path: Path) -> SweepSpec:
    """Read and validate a spec file; any problem is one InputError line naming the key."""
    try:
        data: dict[str, Any] = tomllib.loads(utf8_text(path, path.read_bytes()))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a spec file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path}: not valid TOML: {err}") from None
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(p) for p in first["loc"] if not _is_union_tag(p))
        if first["type"] == "extra_forbidden":
            raise InputError(f"{path}: {key or 'spec'}: unknown key") from None
        message = first["msg"].removeprefix("Value error, ")
        raise InputError(f"{path}: {key + ': ' if key else ''}{message}") from None
    return spec.model_copy(update={"loop": _anchored(spec.loop, path.parent)})


def _anchored(loop: str, base: Path) -> str:
    """A `FILE.py:CLASS` loop is found relative to the spec file (workers may run elsewhere)."""
    file_part, colon, cls = loop.rpartition(":")
    if not colon or not file_part.endswith(".py"):
        return loop
    path = Path(file_part).expanduser()
    return f"{path if path.is_absolute() else (base / path).resolve()}:{cls}"


def _scalars(data: dict[str, Any]) -> list[tuple[str, object]]:
    """(where, value) of each value of settings, grid and models, as the raw TOML has them."""
    found: list[tuple[str, object]] = []
    tables: list[tuple[str, object]] = [("settings", data.get("settings")),
                                         ("grid", data.get("grid"))]
    models = data.get("models")
    if isinstance(models, list):
        tables += [(f"models.{i}", model) for i, model in enumerate(models)]
    for where, table in tables:
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            values = list(enumerate(value)) if where == "grid" and isinstance(value, list) \
                else [(None, value)]
            found += [(f"{where}.{key}" + ("" if i is None else f".{i}"), v) for i, v in values]
    return found


def _is_union_tag(part: object) -> bool:
    """Pydantic names the union member it tried (`list[str]`, `InstanceSource`) in the loc."""
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in (
        "str", "int", "float", "bool"))
