"""`import reasoning`: ill-typed chat parts, non-finite ids and failed `--force` runs."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.errors import InputError
from scaffold.implicit.reasoning_import import import_reasoning, read_records
from scaffold.safe_output import write_outputs

REPO = Path(scaffold.__file__).resolve().parent.parent
GOOD = {"id": "ok", "text": "try 4 + 9"}
NOT_TEXT = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.lists(st.text(max_size=3), max_size=2),
                     st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
ANY_TEXT_FIELD = st.one_of(st.booleans(), st.integers(), st.floats(allow_nan=False),
                           st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def _lines(tmp: Path, rows: list[str]) -> Path:
    path = tmp / "in.jsonl"
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _refused_at(rows: list[str], line: int, words: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = _lines(Path(tmp), rows)
        with pytest.raises(InputError) as err:
            read_records(src)
        message = str(err.value)
        assert f"in.jsonl:{line}:" in message and words in message, message
        assert "\n" not in message


def test_the_qa_null_text_part_is_one_line_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "n.jsonl").write_text('{"messages":[{"role":"assistant","content":[{"type":'
                                      '"text","text":null}],"reasoning_content":"x"}]}\n')
    done = _run("import", "reasoning", "n.jsonl", "--out", "o", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "n.jsonl:1:" in done.stderr
    assert "'content' part 0" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o").exists()


@settings(max_examples=60, deadline=None)
@given(before=st.integers(0, 3), bad=NOT_TEXT, key=st.sampled_from(["content", "reasoning"]),
       index=st.integers(0, 2))
def test_a_text_part_whose_text_is_not_a_string_is_refused_at_its_line(
        before: int, bad: object, key: str, index: int) -> None:
    parts: list[dict[str, object]] = [{"type": "text", "text": "fine"}] * index
    parts = [*parts, {"type": "text", "text": bad}]
    message: dict[str, object] = {"role": "assistant", "content": "<think>r</think>a"}
    message["reasoning_content" if key == "reasoning" else "content"] = parts
    rows = [json.dumps(GOOD)] * before + [json.dumps({"messages": [message]})]
    field = "reasoning_content" if key == "reasoning" else "content"
    _refused_at(rows, before + 1, f"{field!r} part {index}")


@settings(max_examples=40, deadline=None)
@given(bad=ANY_TEXT_FIELD, key=st.sampled_from(["content", "reasoning_content", "reasoning"]))
def test_a_message_field_that_is_no_text_at_all_is_refused(bad: object, key: str) -> None:
    message = {"role": "assistant", "content": "<think>r</think>a", key: bad}
    _refused_at([json.dumps({"messages": [message]})], 1, f"{key!r} should be a string")


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(max_size=20), min_size=1, max_size=4),
       other=st.sampled_from([{"type": "refusal", "refusal": "no"},
                              {"type": "image_url", "image_url": {"url": "x"}}]))
def test_string_text_parts_are_joined_and_parts_of_other_types_add_nothing(
        texts: list[str], other: dict) -> None:
    parts = [{"type": "text", "text": t} for t in texts] + [other]
    message = {"role": "assistant", "content": parts, "reasoning_content": "think"}
    with tempfile.TemporaryDirectory() as tmp:
        [record] = read_records(_lines(Path(tmp), [json.dumps({"messages": [message]})]))
    assert record.text == "think"
    assert record.answer == ("".join(texts).strip() or None)


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
@pytest.mark.parametrize("key", ["id", "answer"])
def test_non_finite_ids_and_answers_are_refused_at_their_line(raw: str, key: str) -> None:
    rows = [json.dumps(GOOD), f'{{"{key}": {raw}, "text": "t"}}']
    _refused_at(rows, 2, f"{key!r} should be a string, a finite number or null")


@settings(max_examples=40, deadline=None)
@given(number=st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False,
                                                              allow_infinity=False)))
def test_finite_numeric_ids_stay_accepted_as_their_text(number: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        [record] = read_records(_lines(Path(tmp), [json.dumps({"id": number, "text": "t"})]))
    assert record.id == str(number) and math.isfinite(float(record.id))


def test_the_cli_refuses_a_nan_id_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "nan.jsonl").write_text('{"id": NaN, "text": "t"}\n')
    done = _run("import", "reasoning", "nan.jsonl", "--out", "o", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "nan.jsonl:1:" in done.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("raw", ["7", "true", "{}"])
def test_a_reasoning_content_that_is_not_text_is_refused_not_stringified(raw: str) -> None:
    row = f'{{"messages": [{{"role": "assistant", "content": "ok", "reasoning_content": {raw}}}]}}'
    _refused_at([row], 1, "'reasoning_content' should be a string")


def _good(tmp: Path) -> Path:
    path = tmp / "good.jsonl"
    path.write_text('{"id": "a1", "text": "try 1"}\n{"id": "a2", "text": "try 2"}\n')
    return path


def test_the_qa_force_run_over_a_directory_fails_first_and_keeps_old_files(
        tmp_path: Path) -> None:
    _good(tmp_path)
    assert _run("import", "reasoning", "good.jsonl", "--out", "fo", cwd=tmp_path).returncode == 0
    (tmp_path / "fo/good-a1.jsonl").write_text("OLD\n")
    (tmp_path / "fo/good-a2.jsonl").unlink()
    (tmp_path / "fo/good-a2.jsonl").mkdir()
    done = _run("import", "reasoning", "good.jsonl", "--out", "fo", "--force", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "fo/good-a2.jsonl: is a directory" in done.stderr
    assert (tmp_path / "fo/good-a1.jsonl").read_text() == "OLD\n"
    assert sorted(p.name for p in (tmp_path / "fo").iterdir()) == ["good-a1.jsonl",
                                                                   "good-a2.jsonl"]


@settings(max_examples=30, deadline=None)
@given(old=st.lists(st.booleans(), min_size=1, max_size=5), fail_at=st.integers(0, 4))
def test_a_write_failing_part_way_leaves_every_earlier_file_as_it_was(
        old: list[bool], fail_at: int) -> None:
    """Target `fail_at` lies in a missing folder, so renaming it in fails after the earlier
    targets were renamed in: they must be removed (new) or restored (existing)."""
    fail_at %= len(old)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        targets = [out / ("missing" if i == fail_at else "") / f"t{i}" for i in range(len(old))]
        for i, target in enumerate(targets):
            if old[i] and i != fail_at:
                target.write_text(f"old {i}")
        before = {p.name: p.read_text() for p in out.iterdir()}
        with pytest.raises(OSError):
            write_outputs(out, {t: b"new" for t in targets}, force=True)
        assert {p.name: p.read_text() for p in out.iterdir()} == before


def test_a_forced_import_replaces_old_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    src = _good(tmp_path)
    out = tmp_path / "fo"
    out.mkdir()
    (out / "good-a1.jsonl").write_text("OLD\n")
    written = import_reasoning(src, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["good-a1.jsonl", "good-a2.jsonl"]
    assert all(json.loads(p.read_text().splitlines()[0])["event"] == "header" for p in written)


def test_an_import_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    """The header's `created` is the source file's time, as `import tot` and `tree` stamp it."""
    src = _good(tmp_path)
    one = [p.read_bytes() for p in import_reasoning(src, tmp_path / "one")]
    two = [p.read_bytes() for p in import_reasoning(src, tmp_path / "two")]
    assert len(one) == 2 and one == two
    created = json.loads(one[0].splitlines()[0])["created"]
    stamp = datetime.fromtimestamp(int(src.stat().st_mtime), UTC)
    assert datetime.fromisoformat(created) == stamp
