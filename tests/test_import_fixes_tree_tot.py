"""`import tree` refuses booleans as numbers; a refused `import tot --force` touches nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scaffold
from scaffold.errors import InputError
from scaffold.importers.tot import import_tot
from scaffold.importers.tree import import_tree

REPO = Path(scaffold.__file__).resolve().parent.parent
NUMBER_KEYS = ("value", "prior", "reward", "visits", "order")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def _nodes(n: int) -> list[dict]:
    nodes = [{"id": "r", "parent": None, "text": "root"}]
    return nodes + [{"id": f"c{i}", "parent": "r", "text": f"move {i}", "value": i / 2,
                     "visits": i, "order": i} for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 4), pick=st.integers(0, 4), flag=st.booleans(),
       key=st.sampled_from([*NUMBER_KEYS, "values.h"]))
def test_a_boolean_in_a_number_field_is_refused_naming_node_and_key(
        n: int, pick: int, flag: bool, key: str) -> None:
    nodes = _nodes(n)
    i = pick % len(nodes)
    if key.startswith("values."):
        nodes[i]["values"] = {"g": 1.5, "h": flag}
    else:
        nodes[i][key] = flag
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(json.dumps({"nodes": nodes}))
        with pytest.raises(InputError) as err:
            import_tree(path)
        assert str(err.value).startswith(f"{path}: nodes[{i}] (id {nodes[i]['id']!r}).{key}: ")
        assert str(err.value).endswith(f"should be a number, not {json.dumps(flag)}")
        assert not path.with_suffix(".jsonl").exists()


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 4), values=st.dictionaries(st.text(min_size=1, max_size=4),
                                                  st.one_of(st.none(), st.integers(-9, 9),
                                                            st.floats(-1, 1)), max_size=3))
def test_numbers_and_nulls_still_import(n: int, values: dict) -> None:
    nodes = _nodes(n)
    nodes[-1]["values"] = values
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(json.dumps({"nodes": nodes}))
        assert import_tree(path).nodes == n + 1


def test_the_qa_boolean_value_is_exit_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(json.dumps({"nodes": [
        {"id": "r", "text": "root"}, {"id": "c", "parent": "r", "text": "c", "value": True}]}))
    done = _run("import", "tree", "t.json", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "t.json: nodes[1] (id 'c').value: " in done.stderr
    assert "should be a number, not true" in done.stderr
    assert not (tmp_path / "t.jsonl").exists()


def test_a_forced_tot_import_over_a_directory_fails_before_writing(tmp_path: Path) -> None:
    log = tmp_path / "tl.json"
    log.write_text(json.dumps([{"ys": ["a", "b"]}, {"ys": ["c"]}]))
    out = tmp_path / "to"
    import_tot(log, out)
    (out / "tl-p0.jsonl").write_text("OLD\n")
    (out / "tl-p1.jsonl").unlink()
    (out / "tl-p1.jsonl").mkdir()
    done = _run("import", "tot", "tl.json", "--out", "to", "--force", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "to/tl-p1.jsonl: is a directory" in done.stderr
    assert (out / "tl-p0.jsonl").read_text() == "OLD\n"
    assert sorted(p.name for p in out.iterdir()) == ["tl-p0.jsonl", "tl-p1.jsonl"]
