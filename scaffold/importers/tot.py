"""`import tot`: a Tree of Thoughts `run.py` log to one transcript per problem.

The whole log is read and turned into events, and every output name checked (a directory there,
or a file without `--force`), before any file is written, so a bad log or a refused output
leaves every file as it was. Output names are `<out>/<stem>-p<index>.jsonl`, where index is the
problem's position in the log (its `idx`, if any, is in the header config). Headers say loop
`imported`, the scaffold (`tot-bfs`, `naive-cot`, `naive-io`), the model and settings parsed
from the file name, and the source file's sha256, so an import is reproducible byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.importers.tot_events import EventPlan, bfs_events, naive_events
from scaffold.importers.tot_log import Problem, read_tot_log
from scaffold.importers.tot_names import RunName, parse_run_name
from scaffold.importers.tot_verifier import external_scorer, instance_from_idx
from scaffold.safe_output import check_output, write_outputs
from scaffold.transcript.events import HeaderEvent, ModelInfo, SelectEvent, TaskInfo, dump_event
from scaffold.transcript.events import StepEvent as StepEventT

OBJECTIVES = {
    "game24": "combine the four numbers with + - * / to make 24",
    "text": "a coherent passage whose paragraphs end with the four given sentences",
    "crosswords": "fill a 5x5 mini crossword from its clues",
}
_FOUR_NUMBERS = re.compile(r"\s*\d+(?:\s+\d+){3}\s*")


@dataclass(frozen=True)
class ImportedProblem:
    """One written transcript."""

    path: Path
    scaffold: str
    steps: int
    decisions: int


@dataclass(frozen=True)
class _Source:
    path: Path
    sha256: str
    created: datetime
    name: RunName
    task: str


def _scaffold(problem: Problem, name: RunName) -> str:
    if problem.is_bfs:
        return "tot-bfs"
    prompt = name.settings.get("prompt_sample")
    return {"cot": "naive-cot", "standard": "naive-io"}.get(str(prompt), "naive-sample")


def _plan(source: _Source, problem: Problem) -> EventPlan:
    settings = source.name.settings
    evaluate = settings.get("method_evaluate") or ("vote" if source.task == "text" else "value")
    scorer = f"tot-{evaluate}"
    select, n = settings.get("method_select"), settings.get("n_select_sample")
    top = f"top {n}" if n else "top b"
    rule = {
        "greedy": f"greedy: {top} by {scorer} (stable sort)",
        "sample": f"sample {n or 'b'} with replacement, p proportional to {scorer}",
    }.get(str(select), "kept as logged (select_new_ys)")
    return EventPlan(scorer, rule, external_scorer(source.task))


def _header(source: _Source, problem: Problem, scaffold: str) -> HeaderEvent:
    backend = source.name.backend
    config: dict[str, Any] = {
        "source_file": source.path.name,
        "source_sha256": source.sha256,
        "problem_index": problem.index,
    }
    if problem.idx is not None:
        config["idx"] = problem.idx
    config.update(source.name.config())
    config.update(problem.extra)
    return HeaderEvent(
        tool_version=__version__,
        loop="imported",
        scaffold=scaffold,
        model=ModelInfo(
            id=backend or "unknown",
            backend="openai" if backend and backend.startswith("gpt") else "unknown",
        ),
        task=TaskInfo(
            name=source.task,
            instance=problem.x or "",
            objective=OBJECTIVES.get(source.task, ""),
        ),
        config=config,
        created=source.created,
    )


def _source(path: Path, problems: list[Problem]) -> _Source:
    data = path.read_bytes()
    name = parse_run_name(path)
    task = name.task
    if task is None:
        x = next((p.x for p in problems if p.x), None)
        task = "game24" if x and _FOUR_NUMBERS.fullmatch(x) else "unknown"
    created = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    return _Source(path, hashlib.sha256(data).hexdigest(), created, name, task)


def problem_transcript(source: _Source, problem: Problem) -> tuple[HeaderEvent, list[StepEventT]]:
    """Header and events of one problem; a missing `x` is recovered from `idx` if it can be."""
    if problem.x is None and (x := instance_from_idx(source.task, problem.idx)) is not None:
        problem = replace(problem, x=x, extra={**problem.extra, "instance_from": "idx"})
    scaffold = _scaffold(problem, source.name)
    plan = _plan(source, problem)
    events = bfs_events(problem, plan) if problem.is_bfs else naive_events(problem, plan)
    return _header(source, problem, scaffold), events


def _data(header: HeaderEvent, events: list[StepEventT]) -> bytes:
    """One transcript's bytes. A finished log needs no fsync per file (TranscriptWriter's guard
    against a crash mid-run), which would make a 100-problem import wait on the disk."""
    lines = [dump_event(header), *(dump_event(ev) for ev in events)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def output_path(log: Path, out_dir: Path, index: int) -> Path:
    return out_dir / f"{log.stem}-p{index}.jsonl"


def import_tot(
    log: str | Path, out_dir: str | Path, *, force: bool = False
) -> list[ImportedProblem]:
    """Write one transcript per problem of `log` into `out_dir`; return what was written."""
    log, out_dir = Path(log), Path(out_dir)
    problems = read_tot_log(log)
    source = _source(log, problems)
    built = [problem_transcript(source, p) for p in problems]
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: --out should be a directory, and this is a file")
    targets = [output_path(log, out_dir, p.index) for p in problems]
    if out_dir.is_dir():  # every refusable target is refused before the first is written
        for target in targets:
            check_output(target, inputs=[log], force=force)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot create the --out directory: {err.strerror}") from None
    files = {target: _data(header, events) for target, (header, events) in zip(targets, built,
                                                                               strict=True)}
    try:
        write_outputs(out_dir, files, force=force)  # every file or none, old files restored
    except OSError as err:
        raise InputError(f"{out_dir}: cannot write the transcripts: {err.strerror}") from None
    written = []
    for target, (header, events) in zip(targets, built, strict=True):
        steps = len({ev.step for ev in events})
        decisions = sum(isinstance(ev, SelectEvent) for ev in events)
        written.append(ImportedProblem(target, header.scaffold, steps, decisions))
    return written
