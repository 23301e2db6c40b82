"""`import tree`: the generic search-tree format, its checks, and the verdicts it leads to."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.importers.tree import import_tree
from scaffold.scoring.scorer import score_transcript
from scaffold.transcript import CandidatesEvent, SelectEvent, TranscriptReader, read_transcript

MESASCOPE = Path(sys.executable).parent / "mesascope"


def _tree(rng: np.random.Generator, *, internal: int, k: int, how: str) -> dict:
    """A tree of `internal` expanded nodes with k children each; values uniform. `how` says how
    the searcher went on from each node: `order-best`/`order-random` give a visit order,
    `visits-best`/`visits-random` give visit counts (more to better, or blind)."""
    nodes = [{"id": "r", "parent": None, "text": "root"}]
    frontier = ["r"]
    made = 0
    while made < internal:
        parent = frontier.pop(0)
        made += 1
        values = rng.uniform(0, 1, k)
        order = np.argsort(-values) if how.endswith("best") else rng.permutation(k)
        for j in range(k):
            node = {"id": f"{parent}.{j}", "parent": parent, "text": f"move {j}",
                    "value": float(values[j])}
            rank = int(np.flatnonzero(order == j)[0])
            if how.startswith("order"):
                node["order"] = rank
            else:
                node["visits"] = int(2 ** (k - rank)) if how.endswith("best") else int(
                    rng.integers(1, 2 ** k))
            nodes.append(node)
            frontier.append(node["id"])
    return {"searcher": "test", "nodes": nodes}


def _write(tmp: Path, data: object, name: str = "tree.json") -> Path:
    path = tmp / name
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("how", ["order-best", "visits-best"])
def test_ordered_or_visit_ranked_choices_on_value_are_search(tmp_path, how) -> None:
    rng = np.random.default_rng(1)
    done = import_tree(_write(tmp_path, _tree(rng, internal=12, k=4, how=how)))
    report = score_transcript(done.path)
    assert report.verdict.is_search, report.verdict
    assert report.counts.ordered_stages > 0


@pytest.mark.parametrize("how", ["order-random", "visits-random"])
def test_blind_orders_are_rarely_search(tmp_path, how) -> None:
    hits = 0
    for seed in range(20):
        path = _write(tmp_path, _tree(np.random.default_rng(seed), internal=12, k=4, how=how),
                      f"t{seed}.json")
        hits += score_transcript(import_tree(path).path, seed=seed).verdict.is_search
    assert hits <= 1


def test_pruned_and_ineligible_children_leave_the_choice_set(tmp_path) -> None:
    nodes = [{"id": "r", "parent": None},
             {"id": "a", "parent": "r", "value": 3.0, "order": 0},
             {"id": "b", "parent": "r", "value": 2.0, "order": 1},
             {"id": "c", "parent": "r", "value": 1.0, "pruned": True},
             {"id": "d", "parent": "r", "value": 9.0, "eligible": False, "reason": "illegal"}]
    done = import_tree(_write(tmp_path, {"nodes": nodes}))
    _, events, _ = read_transcript(done.path)
    cands = next(ev for ev in events if isinstance(ev, CandidatesEvent)).candidates
    assert [c.eligible for c in cands] == [True, True, True, False]
    assert cands[3].ineligible_reason == "illegal"
    selects = [ev for ev in events if isinstance(ev, SelectEvent)]
    assert [s.stage for s in selects] == ["prune", None]
    assert selects[0].chosen == ["a", "b"] and selects[1].rank == [0, 1]
    report = score_transcript(done.path)
    assert report.counts.ineligible == 1


BAD = {
    "not json": b"{nodes: [",
    "a list": b"[]",
    "no nodes": b'{"nodes": []}',
    "unknown key": b'{"nodes": [{"id": "r", "colour": 1}]}',
    "negative visits": b'{"nodes": [{"id": "r"}, {"id": "a", "parent": "r", "visits": -1}]}',
    "string value": b'{"nodes": [{"id": "r", "value": "high"}]}',
    "unknown parent": b'{"nodes": [{"id": "r"}, {"id": "a", "parent": "zz"}]}',
    "duplicate id": b'{"nodes": [{"id": "r"}, {"id": "r"}]}',
    "cycle": b'{"nodes": [{"id": "r"}, {"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}]}',
    "no root": b'{"nodes": [{"id": "a", "parent": "a"}]}',
    "infinite value": b'{"nodes": [{"id": "r", "value": Infinity}]}',
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_one_line_naming_the_file(tmp_path, name) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(BAD[name])
    with pytest.raises(InputError) as err:
        import_tree(path)
    text = str(err.value)
    assert str(path) in text and "\n" not in text
    assert not (tmp_path / "bad.jsonl").exists()


def test_the_cli_exits_2_with_one_line(tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(BAD["cycle"])
    done = subprocess.run([str(MESASCOPE), "import", "tree", str(path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and str(path) in done.stderr and "cycle" in done.stderr
    good = _write(tmp_path, {"nodes": [{"id": "r"}, {"id": "a", "parent": "r", "value": 1}]},
                  "good.json")
    done = subprocess.run([str(MESASCOPE), "import", "tree", str(good), "--out",
                           str(tmp_path / "o.jsonl")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "o.jsonl")


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "parent", "value", "visits", "order", "nodes", "x"]), inner,
        max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(_json, st.fixed_dictionaries({"nodes": st.lists(_json, max_size=4)})))
def test_any_json_is_imported_or_refused_in_one_line(data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(json.dumps(data))
        try:
            done = import_tree(path)
        except InputError as err:
            assert str(path) in str(err) and "\n" not in str(err)
            return
        with TranscriptReader(done.path) as reader:
            reader.index(validate=True)


@st.composite
def _valid_tree(draw: st.DrawFn) -> dict:
    n = draw(st.integers(1, 12))
    nodes = [{"id": "n0"}]
    for i in range(1, n):
        node = {"id": f"n{i}", "parent": f"n{draw(st.integers(0, i - 1))}"}
        if draw(st.booleans()):
            node["value"] = draw(st.floats(-1e6, 1e6))
        if draw(st.booleans()):
            node["visits"] = draw(st.integers(0, 50))
        if draw(st.booleans()):
            node["order"] = draw(st.integers(0, 3))
        node["pruned"] = draw(st.booleans())
        nodes.append(node)
    order = draw(st.permutations(nodes))
    return {"nodes": list(order)}


@settings(max_examples=80, deadline=None)
@given(tree=_valid_tree())
def test_valid_trees_give_one_step_per_expanded_node(tree) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(json.dumps(tree))
        done = import_tree(path)
        expanded = {n["parent"] for n in tree["nodes"] if n.get("parent")}
        assert done.steps == len(expanded)
        _, events, truncated = read_transcript(done.path)
        assert not truncated
        kids = [c.id for ev in events if isinstance(ev, CandidatesEvent) for c in ev.candidates]
        assert sorted(kids) == sorted(n["id"] for n in tree["nodes"] if n.get("parent"))
        score_transcript(done.path)


def _mctx_adapter():
    import re

    from tests.conftest import REPO

    text = (REPO / "docs" / "importers.md").read_text(encoding="utf-8")
    code = re.search(r"<!-- example: mctx-adapter -->\n```python\n(.*?)```", text, re.S)
    assert code, "docs/importers.md has no mctx adapter example"
    scope: dict = {}
    exec(code.group(1), scope)  # the docs' own code, run as shown
    return scope["mctx_tree_json"]


def test_the_documented_mctx_adapter_imports_a_tree_shaped_like_mctx(tmp_path) -> None:
    """A stand-in with mctx's `Tree` field names and shapes ([B, N] and [B, N, A])."""
    from types import SimpleNamespace

    a, n = 3, 5
    kids = -np.ones((1, n, a), int)
    kids[0, 0] = [1, 2, -1]
    kids[0, 1] = [3, 4, -1]
    visits = np.zeros((1, n, a), int)
    visits[0, 0] = [3, 1, 0]
    visits[0, 1] = [1, 1, 0]
    node_visits = np.array([[4, 3, 1, 1, 1]])
    values = np.zeros((1, n, a))
    values[0, 0] = [0.8, 0.2, 0.0]
    values[0, 1] = [0.5, 0.9, 0.0]
    tree = SimpleNamespace(
        children_index=kids, children_visits=visits, node_visits=node_visits,
        children_rewards=np.zeros((1, n, a)), children_discounts=np.ones((1, n, a)),
        children_values=values, children_prior_logits=np.zeros((1, n, a)))
    data = _mctx_adapter()(tree, invalid=np.array([False, False, True]))
    done = import_tree(_write(tmp_path, data))
    _, events, _ = read_transcript(done.path)
    selects = [ev for ev in events if isinstance(ev, SelectEvent)]
    assert selects[0].chosen == ["1", "2"] and selects[0].rank == [0, 1]
    assert selects[1].rank == [0, 0]
    root = next(ev for ev in events if isinstance(ev, CandidatesEvent))
    assert [c.eligible for c in root.candidates] == [True, True, False]
    assert root.candidates[0].stats.visits == 3
