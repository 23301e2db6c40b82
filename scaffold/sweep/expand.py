"""A spec expanded to its runs, each validated by its loop family before anything runs."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.run.config import LoopConfig
from scaffold.run.registry import LoopFamily, loop_family
from scaffold.sweep.spec import InstanceSource, SweepSpec, TaskSpec
from scaffold.utf8 import utf8_text

AXIS_COLUMNS = ("loop", "scaffold", "task", "instance", "backend", "model", "seed")
"""Configuration columns every index has; grid keys follow them."""


@dataclass(frozen=True)
class Job:
    """One run of a sweep: its validated settings, its id and its index columns."""

    run_id: str
    loop: str
    values: dict[str, Any]
    columns: dict[str, str]


def run_id(loop: str, config: LoopConfig) -> str:
    """A hash of the run's full configuration (defaults included): its file name."""
    blob = json.dumps({"loop": loop, "config": config.model_dump(mode="json")}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def instances(task: TaskSpec, base: Path) -> list[str | None]:
    """The task's instances: a list, a slice of the bundled set or of a file, or one None."""
    source = task.instances
    if source is None:
        return [None]
    if isinstance(source, list):
        return list(source)
    items = _bundled(task.name) if source.bundled else _from_file(source, base)
    picked = items[source.start:source.stop]
    if not picked:
        raise InputError(f"tasks.{task.name}.instances: the slice [{source.start}:"
                         f"{source.stop}] of {len(items)} instances is empty")
    return list(picked)


def _bundled(task: str) -> list[str]:
    if task != "game24":
        raise InputError(f"tasks.{task}.instances: only game24 has a bundled set")
    from scaffold.tasks.game24 import load_puzzles

    return [" ".join(str(x) for x in p) for p in load_puzzles()]


def _from_file(source: InstanceSource, base: Path) -> list[str]:
    path = (base / (source.file or "")).expanduser()
    try:
        lines = utf8_text(path, path.read_bytes()).splitlines()
    except OSError as err:
        raise InputError(f"instances.file: {path}: {err.strerror or err}") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def grid_columns(spec: SweepSpec) -> list[str]:
    return [key for key in spec.grid if key not in AXIS_COLUMNS]


def expand(spec: SweepSpec, base: Path) -> list[Job]:
    """Every run of the spec in a stable order; a run its family rejects, or two runs with
    one configuration, is one InputError line that says which run and how many there are."""
    family = loop_family(spec.loop)
    tasks: list[list[tuple[str, str | None]]] = [
        [(t.name, inst) for inst in instances(t, base)] for t in spec.tasks or []]
    task_axis: list[dict[str, Any]] = [
        {"task": name, "puzzle": inst} if inst is not None else {"task": name}
        for name, inst in itertools.chain.from_iterable(tasks)] or [{}]
    model_axis: list[dict[str, Any]] = [dict(m) for m in spec.models or []] or [{}]
    scaffold_axis = [{"scaffold": s} for s in spec.scaffolds or []] or [{}]
    keys = list(spec.grid)
    grid_axis = [dict(zip(keys, point, strict=True))
                 for point in itertools.product(*(spec.grid[k] for k in keys))]
    seed_axis = [{"seed": s} for s in spec.seed_list]
    axes = (model_axis, task_axis, scaffold_axis, grid_axis, seed_axis)
    total = 1
    for axis in axes:
        total *= len(axis)
    labels = spec_labels(spec)
    jobs: list[Job] = []
    seen: dict[str, int] = {}
    for number, parts in enumerate(itertools.product(*axes), 1):
        values: dict[str, Any] = dict(spec.settings)
        for part in parts:
            values.update(part)
        config = _configure(family, values, f"run {number} of {total}", labels, spec.loop)
        rid = run_id(spec.loop, config)
        if rid in seen:
            raise InputError(f"runs {seen[rid]} and {number} of {total} have the same "
                             f"configuration ({_describe(values)})")
        seen[rid] = number
        jobs.append(Job(rid, spec.loop, values, _columns(spec, config)))
    return jobs


def spec_labels(spec: SweepSpec) -> dict[str, str]:
    """Config fields an axis sets under another name, as the spec writes it (`scaffolds`);
    every other key is written as it is named (`[settings]`, `[grid]`, `[[models]]`)."""
    labels = {"seed": "seeds"}
    if spec.scaffolds is not None:
        labels["scaffold"] = "scaffolds"
    if spec.tasks is not None:
        labels |= {"task": "tasks.name", "puzzle": "tasks.instances"}
    return labels


def _configure(
    family: LoopFamily, values: dict[str, Any], run: str, labels: dict[str, str], loop: str
) -> LoopConfig:
    """The run's config; an error names the run and the key as the spec writes it (not the
    `--set KEY` or `--puzzle` of `run`)."""
    try:
        config = family.configure(values, labels, source="", owner=f"loop {loop}")
        _check_task(config, labels)
    except InputError as err:
        raise InputError(f"{run} ({_describe(values)}): {err}") from None
    return config


def _check_task(config: LoopConfig, labels: dict[str, str]) -> None:
    """A task instance is parsed now (cheap), not when its worker reaches it."""
    task = getattr(config, "task", None)
    if not isinstance(task, str):
        return
    from scaffold.tasks.load import load_task

    try:
        load_task(task, getattr(config, "puzzle", None), config.seed,
                  int(getattr(config, "depth", 3)))
    except InputError as err:
        flag, colon, why = str(err).partition(": ")  # "--puzzle: ...", "--task: ..."
        key = flag.removeprefix("--")
        if not colon or key not in ("task", "puzzle"):
            raise
        raise InputError(f"{labels.get(key, key)}: {why}") from None


def _describe(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _columns(spec: SweepSpec, config: LoopConfig) -> dict[str, str]:
    fields = config.model_dump()
    model = fields.get("model")
    cols = {
        "loop": spec.loop,
        "scaffold": str(fields.get("scaffold", "")),
        "task": str(fields.get("task", "")),
        "instance": str(fields.get("puzzle") or ""),
        "backend": str(fields.get("backend", "")),
        "model": str(model) if model else ("embedded" if "model" in fields else ""),
        "seed": str(config.seed),
    }
    for key in grid_columns(spec):
        cols[key] = _text(fields.get(key, ""))
    return cols


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)
