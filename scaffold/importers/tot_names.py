"""What a Tree of Thoughts log's file name says about the run that wrote it.

ToT's `run.py` names its logs `logs/<task>/<backend>_<temperature>_<method>_start<a>_end<b>.json`,
where `<method>` is `naive_<prompt>_sample_<n>` or `<gen><n>_<eval><n>_<select><n>` (for example
`propose1_value3_greedy5`). Copies often flatten the folder into a `<task>__` prefix. Older
releases used other spellings (`generate_sample_select_greedy_sample5`), so everything past the
backend and temperature is parsed leniently and always kept verbatim as `run_name`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KNOWN_TASKS = ("game24", "text", "crosswords")

_STEM = re.compile(
    r"^(?P<backend>.+?)_(?P<temperature>\d+(?:\.\d+)?)_(?P<method>.+?)"
    r"(?:_start(?P<start>\d+)_end(?P<end>\d+))?$"
)
_NAIVE = re.compile(r"^naive_(?P<prompt>[a-z]+)_sample_(?P<n>\d+)$")
_BFS = re.compile(
    r"^(?P<gen>sample|propose)(?P<ng>\d+)_(?P<ev>value|vote)(?P<ne>\d+)_(?P<sel>greedy|sample)(?P<ns>\d+)$"
)
_LOOSE = {
    "method_generate": re.compile(r"generate_(sample|propose)"),
    "method_evaluate": re.compile(r"(value|vote)"),
    "method_select": re.compile(r"select_(greedy|sample)"),
}


@dataclass(frozen=True)
class RunName:
    """The run's settings as far as the file name tells them; unknown ones are absent."""

    task: str | None = None
    backend: str | None = None
    temperature: float | None = None
    run_name: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def naive(self) -> bool | None:
        return self.settings.get("naive_run")

    def config(self) -> dict[str, Any]:
        """Header config entries, in a stable order."""
        out: dict[str, Any] = {"run_name": self.run_name}
        if self.temperature is not None:
            out["temperature"] = self.temperature
        out.update(self.settings)
        return out


def _task_of(path: Path, stem: str) -> tuple[str | None, str]:
    if "__" in stem:
        task, rest = stem.split("__", 1)
        return task or None, rest
    parent = path.parent.name
    return (parent if parent in KNOWN_TASKS else None), stem


def _method_settings(method: str) -> dict[str, Any]:
    if m := _NAIVE.match(method):
        return {
            "naive_run": True,
            "prompt_sample": m["prompt"],
            "n_generate_sample": int(m["n"]),
        }
    if m := _BFS.match(method):
        return {
            "naive_run": False,
            "method_generate": m["gen"],
            "n_generate_sample": int(m["ng"]),
            "method_evaluate": m["ev"],
            "n_evaluate_sample": int(m["ne"]),
            "method_select": m["sel"],
            "n_select_sample": int(m["ns"]),
        }
    out: dict[str, Any] = {}
    if method.startswith("naive"):
        out["naive_run"] = True
    for key, pattern in _LOOSE.items():
        if m := pattern.search(method):
            out[key] = m[1]
    if m := re.search(r"_(?:sample|propose)(\d+)$", method):
        out["n_generate_sample"] = int(m[1])
    return out


def parse_run_name(path: str | Path) -> RunName:
    """Settings from a log's file name; a name in no known shape still yields `run_name`."""
    path = Path(path)
    task, rest = _task_of(path, path.stem)
    m = _STEM.match(rest)
    if not m:
        return RunName(task=task, run_name=rest)
    settings = _method_settings(m["method"])
    if m["start"] is not None:
        settings["task_start_index"] = int(m["start"])
        settings["task_end_index"] = int(m["end"])
    return RunName(
        task=task,
        backend=m["backend"],
        temperature=float(m["temperature"]),
        run_name=m["method"],
        settings=settings,
    )
