"""`import reasoning`: JSON Lines of reasoning texts to one transcript per line.

A line is either a text record `{"id", "text", "task", "instance", "answer", "prompt"}` (task
one of game24, countdown, prompt; all but `text` may be null or missing) or a chat record
`{"messages": [...]}` whose last assistant turn holds the reasoning in `reasoning_content` or
between `<think>` and `</think>`. The whole file is checked before anything is written, and a
bad line is one error naming its number.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.implicit.extract import text_task
from scaffold.implicit.reasoning import split_reasoning, text_problem
from scaffold.safe_output import check_output, write_outputs
from scaffold.transcript.events import HeaderEvent, ModelInfo, StateEvent, TaskInfo, dump_event
from scaffold.utf8 import utf8_text

TASKS = ("game24", "countdown", "prompt")
TEXT_KEYS = {"id", "text", "task", "instance", "answer", "prompt"}
CHAT_KEYS = {"id", "messages", "task", "instance", "answer"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class Record:
    """One reasoning text and what it was about."""

    line: int
    id: str | None
    text: str
    task: str
    instance: str
    answer: str | None
    prompt: str | None


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and key in ("id", "answer") and not isinstance(value, bool):
        if not math.isfinite(value):
            raise InputError(f"{where}: {key!r} should be a string, a finite number or null")
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} should be a string or null")
    return value


def _chat(obj: dict[str, Any], where: str) -> tuple[str, str | None, str | None]:
    """(reasoning, reply, prompt) of a chat record's last assistant turn."""
    messages = obj["messages"]
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise InputError(f"{where}: 'messages' should be a list of objects")
    turns = [m for m in messages if m.get("role") == "assistant"]
    if not turns:
        raise InputError(f"{where}: no assistant message")
    for key in ("content", "reasoning_content", "reasoning"):
        if (problem := text_problem(turns[-1].get(key))) is not None:
            raise InputError(f"{where}: the assistant message's {key!r} {problem}")
    reasoning, reply = split_reasoning(turns[-1])
    if not reasoning:
        raise InputError(f"{where}: the assistant message has no reasoning_content and no "
                         "<think>...</think>")
    users = [m for m in messages if m.get("role") == "user"]
    prompt = users[-1].get("content") if users else None
    return reasoning, reply or None, prompt if isinstance(prompt, str) else None


def parse_record(obj: Any, line: int, where: str) -> Record:
    """One validated line; InputError naming the line otherwise."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object")
    chat = "messages" in obj
    allowed = CHAT_KEYS if chat else TEXT_KEYS
    extra = sorted(set(obj) - allowed)
    if extra:
        keys = ", ".join(sorted(allowed))
        raise InputError(f"{where}: unknown key {extra[0]!r} (expected {keys})")
    task = _opt_str(obj, "task", where) or "prompt"
    if task not in TASKS:
        raise InputError(f"{where}: unknown task {task!r} (choose {', '.join(TASKS)})")
    instance = _opt_str(obj, "instance", where) or ""
    try:
        text_task(task, instance)
    except InputError as err:
        raise InputError(f"{where}: {err}") from None
    if chat:
        text, answer, prompt = _chat(obj, where)
        answer = _opt_str(obj, "answer", where) or answer
    else:
        text = _opt_str(obj, "text", where) or ""
        answer, prompt = _opt_str(obj, "answer", where), _opt_str(obj, "prompt", where)
    if not text.strip():
        raise InputError(f"{where}: 'text' is missing or empty")
    if task == "prompt" and not instance:
        instance = (prompt or "")[:2000]
    return Record(line, _opt_str(obj, "id", where), text, task, instance, answer, prompt)


def read_records(path: Path) -> list[Record]:
    """Every record of a JSON Lines file; the first problem raises InputError with its line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    text = utf8_text(path, data)
    records = []
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        if raw.startswith("\ufeff"):
            raise InputError(f"{where}: starts with a UTF-8 byte order mark (allowed only at the "
                             "start of the file); remove it")
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: not JSON ({err.msg})") from None
        records.append(parse_record(obj, number, where))
    if not records:
        raise InputError(f"{path}:1: empty file: no records")
    return records


def _names(path: Path, records: list[Record]) -> list[str]:
    ids = [r.id for r in records]
    unique = all(i is not None and _SAFE_ID.match(i) for i in ids) and len(set(ids)) == len(ids)
    return [f"{path.stem}-{r.id if unique else f'l{r.line}'}.jsonl" for r in records]


def _events(path: Path, sha: str, r: Record, created: datetime) -> tuple[HeaderEvent,
                                                                         StateEvent]:
    config: dict[str, Any] = {"source_file": path.name, "source_sha256": sha, "line": r.line}
    for key in ("id", "answer", "prompt"):
        if getattr(r, key) is not None:
            config[key] = getattr(r, key)
    header = HeaderEvent(tool_version=__version__, loop="imported", scaffold="reasoning",
                         model=ModelInfo(id="unknown", backend="unknown"),
                         task=TaskInfo(name=r.task, instance=r.instance), config=config,
                         created=created)
    attrs: dict[str, Any] = {"answer": r.answer} if r.answer is not None else {}
    return header, StateEvent(step=0, text=r.text, final=True, attrs=attrs)


def import_reasoning(file: str | Path, out_dir: str | Path, *, force: bool = False) -> list[Path]:
    """Write one transcript per line of `file` into `out_dir`; return their paths. Every
    problem that can be seen beforehand is found before anything is written, and a failure
    leaves `out_dir` as it was."""
    file, out_dir = Path(file), Path(out_dir)
    records = read_records(file)
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    # the source's time, as `import tot` and `import tree` do: an import is reproducible byte
    # for byte
    stamp = datetime.fromtimestamp(int(file.stat().st_mtime), UTC)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: --out should be a directory, and this is a file")
    targets = [out_dir / n for n in _names(file, records)]
    if (folder := next((t for t in targets if t.is_dir()), None)) is not None:
        raise InputError(f"{folder}: is a directory, so the transcript cannot be written there")
    if out_dir.is_dir():
        for target in targets:
            check_output(target, inputs=[file], force=force)
    files = {}
    for target, r in zip(targets, records, strict=True):
        header, state = _events(file, sha, r, stamp)
        files[target] = (dump_event(header) + "\n" + dump_event(state) + "\n").encode()
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot create the --out directory: {err.strerror}") from None
    try:
        write_outputs(out_dir, files, force=force)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot write the transcripts: {err.strerror}") from None
    finally:
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()
    return targets
