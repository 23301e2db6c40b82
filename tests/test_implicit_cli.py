"""`extract`, `score --implicit` and `import reasoning` through the command line."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.implicit.model import EXTRACTOR_VERSION
from scaffold.transcript.reader import read_transcript

REPO = Path(__file__).resolve().parent.parent
DFS = ("4 + 9 = 13 (left: 10 13 13). 13 - 10 = 3 (left: 3 13). 3 * 13 = 39, too big.\n"
       "Let me start over. 10 - 4 = 6 (left: 6 9 13). 13 - 9 = 4 (left 4 6). 6 * 4 = 24 ✓\n"
       "Answer: (10 - 4) * (13 - 9) = 24")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def _records(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_import_extract_and_score_a_reasoning_file(tmp_path: Path) -> None:
    src = _records(tmp_path / "r.jsonl", [
        {"id": "a", "text": DFS, "task": "game24", "instance": "4 9 10 13", "answer": None},
        {"messages": [{"role": "user", "content": "Plan a trip."},
                      {"role": "assistant", "content": "<think>Option A: bus. 3/10.\n"
                       "Option B: train. 8/10.\n\nI'll go with option B.</think>Train."}]},
    ])
    done = _run("import", "reasoning", str(src), "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    paths = [tmp_path / p for p in done.stdout.split()]
    assert [p.name for p in paths] == ["r-l1.jsonl", "r-l2.jsonl"]
    header, events, _ = read_transcript(paths[1])
    assert header.task.name == "prompt" and header.task.instance == "Plan a trip."
    assert events[0].text.startswith("Option A") and events[0].attrs["answer"] == "Train."

    done = _run("extract", str(paths[0]), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "1 decision (1 with a choice)" in done.stdout
    derived = paths[0].with_name("r-l1.implicit.jsonl")
    header, events, _ = read_transcript(derived)
    assert header.config["source_sha256"] == hashlib.sha256(paths[0].read_bytes()).hexdigest()
    assert header.config["extractor"] == EXTRACTOR_VERSION
    cands = [c for ev in events if ev.event == "candidates" for c in ev.candidates]
    assert {c.attrs["source_step"] for c in cands} == {0}
    for c in cands:
        a, b = c.attrs["span"]
        assert c.text.startswith(DFS[a:b])
    select = next(ev for ev in events if ev.event == "select")
    a, b = (int(x) for x in select.rule.split()[0].split(":"))
    assert DFS[a:b].startswith("Answer:")

    done = _run("score", "--implicit", "--json", "--pool", *map(str, paths), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["n_decisions"] == 1 and rows[1]["n_decisions"] == 1
    again = _run("score", "--json", str(derived), cwd=tmp_path)
    assert json.loads(again.stdout)["n_decisions"] == 1
    card = _run("score", "--implicit", str(paths[0]), cwd=tmp_path)
    assert card.returncode == 0 and card.stdout.startswith("VERDICT"), card.stderr


@pytest.mark.parametrize(("content", "line", "words"), [
    (b'{"text": "a", "task": "game24", "instance": "4 9 10 13"}\n[1, 2]\n', 2, "JSON object"),
    (b'{"text": "a", "task": "chess"}\n', 1, "unknown task"),
    (b'{"text": "a", "task": "game24", "instance": "4 9"}\n', 1, "expected 4 numbers"),
    (b'{"text": "ok"}\n{"text": "a", "colour": 1}\n', 2, "unknown key"),
    (b'{"text": "ok"}\n\n{"text": "\xff"}\n', 3, "not UTF-8"),
    (b"", 1, "empty file"),
    (b'{"text": "ok"}\n{"text": "a"\n', 2, "not JSON"),
    (b'{"messages": [{"role": "assistant", "content": "no thinking"}]}\n', 1, "no reasoning"),
])
def test_bad_reasoning_input_is_one_line_naming_the_line_and_writes_nothing(
        tmp_path: Path, content: bytes, line: int, words: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(content)
    done = _run("import", "reasoning", str(src), "--out", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"in.jsonl:{line}:" in done.stderr, done.stderr
    assert words in done.stderr
    assert not (tmp_path / "out").exists()


def test_extract_refuses_a_file_that_is_not_a_transcript(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_text("hello\n")
    done = _run("extract", str(bad), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert not list(tmp_path.glob("*.implicit.jsonl"))
