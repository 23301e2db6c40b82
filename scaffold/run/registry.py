"""Loop families by name: each is a typed config and a builder.

Built in: `scratchpad`, `diffusion` and `toy`. A user loop is named `path/to/file.py:Class`
or by an installed entry point in the `mesascope.loops` group; its class gives its own
config model as `Config` (default `LoopConfig`: just a seed) and is built as `Class(config)`.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.loops.base import Loop
from scaffold.loops.user_code import loop_code
from scaffold.models.transformers_load import LoadProgress
from scaffold.run.config import LoopConfig, validate_config
from scaffold.transcript.events import HeaderEvent

ENTRY_POINT_GROUP = "mesascope.loops"
Builder = Callable[[Any, LoadProgress | None], Loop]
HeaderSettings = Callable[[HeaderEvent], dict[str, Any]]
Unloaded = Callable[[Any, HeaderEvent], Loop]


@dataclass(frozen=True)
class LoopFamily:
    """A loop family: its name, its config model and how to build a loop from a config."""

    name: str
    config: type[LoopConfig]
    build: Builder
    task_label: str = ""
    """Names the family's objective in default transcript names (`digits`); "" reads the
    config's `task` field when it has one."""
    header_settings: HeaderSettings | None = None
    """The config fields a transcript's header records, so a recorded run can be rebuilt
    (interventions fork it); None for a family that cannot be rebuilt."""
    unloaded: Unloaded | None = None
    """The loop a config builds, without loading its model, for checks only (what the loop
    refuses); None where building is quick or the checks need the model."""

    def configure(
        self, values: Mapping[str, Any], labels: Mapping[str, str] | None = None, *,
        source: str = "--set", owner: str | None = None,
    ) -> LoopConfig:
        """The family's config from flag and `--set` values (strings are coerced); an error
        names a key as `labels[key]`, else `{source} key` (a sweep spec: source "", the key)."""
        return validate_config(self.config, values, source=source, labels=labels,
                               owner=owner or f"--loop {self.name}")

    def config_from_header(
        self, header: HeaderEvent, overrides: Mapping[str, Any] | None = None
    ) -> LoopConfig:
        """The config a recorded run was built with (what the header keeps), with `overrides`
        (`--set` values, e.g. a model path the header does not record) on top."""
        if self.header_settings is None:
            raise InputError(f"--loop {self.name}: cannot rebuild its runs from a transcript")
        recorded = self.header_settings(header)
        overrides = overrides or {}
        labels = {key: f"recorded setting {key}" for key in recorded if key not in overrides}
        return validate_config(self.config, {**recorded, **overrides}, source="--set",
                               labels=labels, owner=f"--loop {self.name}")

    def default_name(self, config: LoopConfig) -> str:
        task = self.task_label or str(getattr(config, "task", "") or "run")
        return f"{self.name.rsplit(':', 1)[-1]}-{task}"


def _scratchpad() -> LoopFamily:
    from scaffold.loops.scratchpad_build import (
        ScratchpadRunConfig,
        build_scratchpad_loop,
        scratchpad_header_settings,
        unloaded_scratchpad_loop,
    )

    return LoopFamily("scratchpad", ScratchpadRunConfig, build_scratchpad_loop,
                      header_settings=scratchpad_header_settings,
                      unloaded=unloaded_scratchpad_loop)


def _diffusion() -> LoopFamily:
    from scaffold.loops.diffusion_build import DiffusionConfig, build_diffusion_loop
    from scaffold.loops.diffusion_interventions import diffusion_header_settings

    return LoopFamily("diffusion", DiffusionConfig, build_diffusion_loop, "digits",
                      header_settings=diffusion_header_settings)


def _toy() -> LoopFamily:
    from scaffold.loops.toy import ToyConfig, build_toy_loop, toy_header_settings

    return LoopFamily("toy", ToyConfig, build_toy_loop, "string-match",
                      header_settings=toy_header_settings)


BUILT_IN: dict[str, Callable[[], LoopFamily]] = {
    "scratchpad": _scratchpad,
    "diffusion": _diffusion,
    "toy": _toy,
}


def loop_family(name: str) -> LoopFamily:
    """A built-in family, `file.py:Class`, or an installed entry point; else InputError."""
    if name in BUILT_IN:
        return BUILT_IN[name]()
    if ":" in name and name.rsplit(":", 1)[0].endswith(".py"):
        return user_family(name, load_user_class(name))
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name == name:
            return user_family(name, point.load())
    installed = sorted(p.name for p in entry_points(group=ENTRY_POINT_GROUP))
    known = ", ".join([*BUILT_IN, *installed])
    raise InputError(f"--loop: unknown loop {name!r} (choose {known}, or FILE.py:CLASS)")


def load_user_class(spec: str) -> type:
    """`path/to/file.py:Class`, imported as a module of its own (its folder is not on the
    path: a loop file imports what it needs from installed packages)."""
    file_part, _, class_name = spec.rpartition(":")
    path = Path(file_part).expanduser()
    if not path.is_file():
        raise InputError(f"--loop: {file_part}: no such file")
    module_name = f"mesascope_user_loop_{abs(hash(path.resolve()))}"
    module_spec = importlib.util.spec_from_file_location(module_name, path)
    if module_spec is None or module_spec.loader is None:
        raise InputError(f"--loop: {file_part}: not a Python file")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_name] = module
    try:
        module_spec.loader.exec_module(module)
    except Exception as err:
        why = f"{type(err).__name__}: {err}"
        raise InputError(f"--loop: {file_part}: import failed: {why}") from err
    cls = getattr(module, class_name, None)
    if not inspect.isclass(cls):
        raise InputError(f"--loop: {file_part}: no class named {class_name!r}")
    return cls


def user_family(name: str, cls: type) -> LoopFamily:
    """A family for a user's loop class: `cls.Config` validates its settings, `cls(config)`
    builds it; it must have a `header`, `start(ids)` and `fork(origin, ids, seed, params)`."""
    config_model = getattr(cls, "Config", LoopConfig)
    if not (inspect.isclass(config_model) and issubclass(config_model, LoopConfig)):
        raise InputError(f"--loop {name}: {cls.__name__}.Config must subclass LoopConfig")
    from scaffold.loops.search_loop import SearchLoop, SearchLoopConfig

    if issubclass(cls, SearchLoop) and not issubclass(config_model, SearchLoopConfig):
        raise InputError(f"--loop {name}: {cls.__name__}.Config: a SearchLoop's Config must "
                         "derive from SearchLoopConfig")
    missing = [m for m in ("start", "fork") if not callable(getattr(cls, m, None))]
    if missing:
        raise InputError(f"--loop {name}: {cls.__name__} has no {' or '.join(missing)}()")

    def build(config: LoopConfig, progress: LoadProgress | None = None) -> Loop:
        with loop_code(cls):
            loop: Loop = cls(config)
        return loop

    def settings(header: HeaderEvent) -> dict[str, Any]:
        return dict(header.config)

    return LoopFamily(name, config_model, build, task_label=cls.__name__.lower(),
                      header_settings=settings)


def build_loop(
    name: str, settings: Mapping[str, Any] | None = None, progress: LoadProgress | None = None
) -> Loop:
    """A loop of family `name` from settings by field name (values may be strings), e.g.
    `build_loop("scratchpad", {"scaffold": "tot", "puzzle": "4 9 10 13", "seed": 7})`."""
    family = loop_family(name)
    return family.build(family.configure(settings or {}), progress)


def family_for_header(header: HeaderEvent, loop: str | None = None) -> LoopFamily:
    """The family that recorded a transcript. `loop` names a user's loop (FILE.py:CLASS or an
    installed entry point), which the header cannot: required for a user loop's transcript,
    refused for any other (a built-in family's header names it; a Recorder log, an import, a
    derived or simulated log has no live loop to fork). InputError, one line, otherwise."""
    if header.loop == "custom":
        if loop is None:
            raise InputError(f"this transcript was recorded by a user loop ({header.scaffold}); "
                             "name it with --loop FILE.py:CLASS")
        if loop in BUILT_IN:
            raise InputError(f"--loop {loop}: this transcript was recorded by a user loop "
                             f"({header.scaffold}), not the built-in {loop}; name it with "
                             "--loop FILE.py:CLASS")
        return loop_family(loop)
    if header.loop in BUILT_IN:
        if loop is not None and loop != header.loop:
            raise InputError(f"--loop {loop}: this transcript was recorded by the built-in loop "
                             f"{header.loop}, which is rebuilt from its header; drop --loop")
        return loop_family(header.loop)
    if header.loop == "recorded":
        raise InputError("a log written with the Recorder has no live loop to fork (intervene "
                         "forks a loop mesascope runs, as `run --loop FILE.py:CLASS` does)")
    raise InputError("imported logs have no live loop to fork")
