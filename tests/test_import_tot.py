"""`import tot` turns ToT-shaped logs into transcripts with the right decisions and chosen ids.

Logs are generated the way ToT's run.py writes them: candidates extend a frontier item, values
are numbers or numeric strings, and the kept set is ToT's greedy pick (a stable sort by value,
descending), so the expected chosen ids are known without the importer's matching rule.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.importers.tot import import_tot
from scaffold.transcript import (
    CandidatesEvent,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TranscriptReader,
)

LINES = ("a", "b", "c", "4 + 5 = 9 (left: 6 9 10)")
"""A tiny alphabet of proposals, so repeated candidates are common."""


@dataclass
class Expected:
    """What the transcript of one generated problem must say."""

    bfs: bool
    chosen: list[set[str]] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)
    parents: list[list[str | None]] = field(default_factory=list)
    values: list[list[float]] = field(default_factory=list)
    outcomes: list[float] = field(default_factory=list)
    samples: int = 0


def _render_value(draw: st.DrawFn, v: float) -> object:
    return draw(st.sampled_from([v, str(v), f" {v!r} "]))


@st.composite
def bfs_problem(draw: st.DrawFn, index: int) -> tuple[dict, Expected]:
    exp = Expected(bfs=True)
    frontier: list[str] = [""]
    frontier_ids: list[str | None] = ["0.y0"]
    steps = []
    for t in range(draw(st.integers(1, 4))):
        new_ys, parent_pos = [], []
        for i, y in enumerate(frontier):
            for _ in range(draw(st.integers(1, 3))):
                new_ys.append(y + draw(st.sampled_from(LINES)) + "\n")
                parent_pos.append(i)
        values = draw(
            st.lists(
                st.one_of(st.integers(0, 3).map(float), st.floats(0, 60, allow_nan=False)),
                min_size=len(new_ys),
                max_size=len(new_ys),
            )
        )
        if draw(st.booleans()):  # ToT values a repeated candidate 0
            seen: set[str] = set()
            for j, y in enumerate(new_ys):
                values[j] = 0.0 if y in seen else values[j]
                seen.add(y)
        b = draw(st.integers(1, len(new_ys)))
        picked = sorted(range(len(new_ys)), key=lambda j: values[j], reverse=True)[:b]
        kept = [new_ys[j] for j in picked]
        lost = draw(st.sets(st.integers(0, b - 1), max_size=min(2, b)))
        for m in lost:
            kept[m] = f"lost {t}.{m}\n"
        exp.chosen.append({f"{t}.{picked[m]}" for m in range(b) if m not in lost})
        exp.exact.append(not lost)
        unique = len(set(frontier)) == len(frontier)
        exp.parents.append([frontier_ids[p] if unique else None for p in parent_pos])
        exp.values.append(values)
        step: dict[str, object] = {
            "step": draw(st.sampled_from([t, str(t)])),
            "x": "4 5 6 10",
            "ys": frontier,
            "new_ys": new_ys,
            "values": [_render_value(draw, v) for v in values],
            "select_new_ys": kept,
        }
        steps.append(json.dumps(step) if draw(st.booleans()) else step)
        frontier_ids = [
            f"{t + 1}.y{m}" if m in lost else None if lost else f"{t}.{picked[m]}" for m in range(b)
        ]
        frontier = kept
    outcomes = draw(st.lists(st.integers(0, 1), min_size=len(frontier), max_size=len(frontier)))
    exp.outcomes = [float(r) for r in outcomes]
    entry = {"steps": steps, "idx": index, "ys": frontier, "infos": [{"r": r} for r in outcomes]}
    return entry, exp


@st.composite
def naive_problem(draw: st.DrawFn, index: int) -> tuple[dict, Expected]:
    ys = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=8))
    rs = draw(st.lists(st.integers(0, 1), min_size=len(ys), max_size=len(ys)))
    entry = {"idx": index, "ys": ys, "infos": [{"r": r} for r in rs]}
    return entry, Expected(bfs=False, outcomes=[float(r) for r in rs], samples=len(ys))


@st.composite
def tot_log(draw: st.DrawFn) -> list[tuple[dict, Expected]]:
    n = draw(st.integers(1, 4))
    return [draw(st.one_of(bfs_problem(i), naive_problem(i))) for i in range(n)]


def _events(path: Path) -> list:
    with TranscriptReader(path) as reader:
        reader.index(validate=True)
        return list(reader.events())


def _check_bfs(events: list, exp: Expected) -> None:
    selects = [e for e in events if isinstance(e, SelectEvent)]
    texts: dict[str, str] = {}
    kept_before: set[str] = set()
    assert len(selects) == sum(1 for c in exp.chosen if c)
    for t, want in enumerate(exp.chosen):
        got = [e for e in selects if e.step == t]
        chosen = set(got[0].chosen) if got else set()
        assert not got or len(got[0].chosen) == len(chosen)
        cands = next(e for e in events if isinstance(e, CandidatesEvent) and e.step == t)
        if exp.exact[t]:
            assert chosen == want
        else:  # with an entry lost, which copy of a repeated text was kept is unknowable
            text = {c.id: c.text for c in cands.candidates}
            assert sorted(text[i] for i in chosen) == sorted(text[i] for i in want)
        for c, parent in zip(cands.candidates, exp.parents[t], strict=True):
            assert parent is None or c.parent == parent
            if c.parent in texts:  # a kept candidate of the step before, and a prefix
                assert c.parent in kept_before and (c.text or "").startswith(texts[c.parent])
        texts.update({c.id: c.text or "" for c in cands.candidates})
        kept_before = chosen
        scores = [e for e in events if isinstance(e, ScoreEvent) and e.step == t]
        internal = [s.value for s in scores if s.kind == "internal"]
        assert internal == pytest.approx(exp.values[t])
    final = [e for e in events if isinstance(e, StateEvent)][-1]
    assert final.final and final.attrs.get("r") == exp.outcomes


def _check_naive(events: list, exp: Expected) -> None:
    assert not any(isinstance(e, SelectEvent) for e in events)
    assert {e.step for e in events} == {0}
    (cands,) = [e for e in events if isinstance(e, CandidatesEvent)]
    assert len(cands.candidates) == exp.samples
    outcome = [
        e.value for e in events if isinstance(e, ScoreEvent) and e.scorer == "tot-test-output"
    ]
    assert outcome == exp.outcomes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=tot_log())
def test_generated_logs_round_trip_with_the_kept_ids_tot_chose(log: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "game24__gpt-4_0.7_propose1_value3_greedy5_start0_end4.json"
        src.write_text(json.dumps([entry for entry, _ in log]))
        written = import_tot(src, Path(tmp) / "out")
        assert [w.path.name for w in written] == [f"{src.stem}-p{i}.jsonl" for i in range(len(log))]
        for item, (_, exp) in zip(written, log, strict=True):
            events = _events(item.path)
            (_check_bfs if exp.bfs else _check_naive)(events, exp)
            assert item.scaffold == ("tot-bfs" if exp.bfs else "naive-sample")


def _write(tmp_path: Path, data: object, name: str = "log.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def _step(**changes: object) -> dict:
    step = {
        "step": 0,
        "x": "1 2 3 4",
        "ys": [""],
        "new_ys": ["a\n", "b\n"],
        "values": [1, 2],
        "select_new_ys": ["b\n"],
    }
    step.update(changes)
    return {k: v for k, v in step.items() if v is not None}


BAD_LOGS = [
    ("{not json", "not JSON"),
    ({"steps": []}, "expected a JSON list of problems"),
    ([], "no problems"),
    ([{"ys": ["a"]}, 3], "problem 1: should be an object"),
    ([{"idx": 0}], "problem 0: missing key 'steps'"),
    ([{"steps": {"0": 1}}], "problem 0: 'steps' should be a list"),
    ([{"steps": []}], "problem 0: 'steps' is empty"),
    ([{"ys": ["a"]}, {"steps": [_step(new_ys=None)]}], "problem 1: steps[0]: missing key 'new_ys'"),
    ([{"steps": [_step(), _step(values=[1])]}], "steps[1]: 'values' has 1 entries"),
    ([{"steps": [_step(values=None)]}], "missing key 'values'"),
    ([{"steps": [_step(select_new_ys="b")]}], "'select_new_ys' should be a list"),
    ([{"steps": [_step(new_ys=["a", 2])]}], "new_ys[1] should be a string"),
    ([{"steps": ["{oops"]}], "steps[0]: a string that is not a JSON object"),
    ([{"ys": "abc"}], "'ys' should be a list"),
]


@pytest.mark.parametrize(("data", "message"), BAD_LOGS)
def test_a_bad_log_is_one_input_error_naming_file_problem_and_key(
    tmp_path: Path, data: object, message: str
) -> None:
    src = _write(tmp_path, data)
    with pytest.raises(InputError) as err:
        import_tot(src, tmp_path / "out")
    text = str(err.value)
    assert str(src) in text and message in text and "\n" not in text
    assert not (tmp_path / "out").exists()


@settings(max_examples=30, deadline=None)
@given(log=tot_log(), data=st.data())
def test_dropping_a_required_key_names_the_problem_and_the_key(log: list, data: st.DataObject):
    entries = [entry for entry, _ in log]
    bfs = [i for i, e in enumerate(entries) if "steps" in e]
    if not bfs:
        return
    i = data.draw(st.sampled_from(bfs))
    k = data.draw(st.integers(0, len(entries[i]["steps"]) - 1))
    key = data.draw(st.sampled_from(["new_ys", "values", "select_new_ys"]))
    step = entries[i]["steps"][k]
    step = json.loads(step) if isinstance(step, str) else step
    del step[key]
    entries[i]["steps"][k] = step
    with tempfile.TemporaryDirectory() as tmp:
        src = _write(Path(tmp), entries)
        with pytest.raises(InputError, match=rf"problem {i}: steps\[{k}\]: missing key '{key}'"):
            import_tot(src, Path(tmp) / "out")


def test_unparseable_and_non_finite_values_are_recorded_unscored_with_the_reason(
    tmp_path: Path,
) -> None:
    src = _write(
        tmp_path, [{"steps": [_step(new_ys=["a\n", "b\n", "c\n"], values=["high", "NaN", "2.5"])]}]
    )
    (item,) = import_tot(src, tmp_path / "out")
    scores = [e for e in _events(item.path) if isinstance(e, ScoreEvent) and e.kind == "internal"]
    assert [s.value for s in scores] == [None, None, 2.5]
    assert "not a number" in (scores[0].detail or "") and "not finite" in (scores[1].detail or "")


def test_a_candidate_kept_twice_by_sampling_is_chosen_once_and_noted(tmp_path: Path) -> None:
    step = _step(new_ys=["a\n", "b\n"], values=[1, 3], select_new_ys=["b\n", "b\n"])
    src = _write(tmp_path, [{"steps": [step]}])
    (item,) = import_tot(src, tmp_path / "out")
    events = _events(item.path)
    (select,) = [e for e in events if isinstance(e, SelectEvent)]
    assert select.chosen == ["0.1"]
    assert any("already kept" in e.text for e in events if isinstance(e, NoteEvent))


def test_repeated_candidates_are_matched_as_the_stable_argsort_keeps_them(tmp_path: Path) -> None:
    # ToT values the repeat at index 2 zero; a kept "a" is index 0, a second kept "a" index 2.
    step = _step(
        new_ys=["a\n", "b\n", "a\n", "c\n"],
        values=[2, 1, 0, 2],
        select_new_ys=["a\n", "c\n", "b\n", "a\n"],
    )
    src = _write(tmp_path, [{"steps": [step]}])
    (item,) = import_tot(src, tmp_path / "out")
    events = _events(item.path)
    (select,) = [e for e in events if isinstance(e, SelectEvent)]
    assert select.chosen == ["0.0", "0.3", "0.1", "0.2"]
    cands = next(e for e in events if isinstance(e, CandidatesEvent)).candidates
    assert cands[2].attrs == {"repeat_of": "0.0"}


def test_header_carries_model_task_config_and_source_hash(tmp_path: Path) -> None:
    src = _write(
        tmp_path,
        [{"idx": 7, "steps": [_step()]}],
        "game24__gpt-4_0.7_propose1_value3_greedy5_start7_end8.json",
    )
    (item,) = import_tot(src, tmp_path / "out")
    with TranscriptReader(item.path) as reader:
        h = reader.header
    import hashlib

    assert (h.loop, h.scaffold, h.model.id, h.task.name, h.task.instance) == (
        "imported",
        "tot-bfs",
        "gpt-4",
        "game24",
        "1 2 3 4",
    )
    assert h.config["source_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert h.config["temperature"] == 0.7 and h.config["idx"] == 7
    assert (h.config["method_evaluate"], h.config["n_select_sample"]) == ("value", 5)
    assert h.config["run_name"] == "propose1_value3_greedy5"


def test_reimport_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    src = _write(tmp_path, [{"ys": ["a", "b"]}])
    import_tot(src, tmp_path / "out")
    with pytest.raises(InputError, match="already exists"):
        import_tot(src, tmp_path / "out")
    first = (tmp_path / "out" / "log-p0.jsonl").read_bytes()
    import_tot(src, tmp_path / "out", force=True)
    assert (tmp_path / "out" / "log-p0.jsonl").read_bytes() == first


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True)


def test_cli_imports_a_log_and_reports_bad_ones_with_exit_2(tmp_path: Path) -> None:
    good = _write(
        tmp_path,
        [{"ys": ["a", "b"], "infos": [{"r": 1}, {"r": 0}]}, {"steps": [_step()]}],
        "good.json",
    )
    done = _cli("import", "tot", str(good), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(tmp_path / "out" / f"good-p{i}.jsonl") for i in (0, 1)]
    assert "imported 2 problems" in done.stderr
    bad = _write(tmp_path, [{"steps": [_step(values=[1])]}], "bad.json")
    failed = _cli("import", "tot", str(bad), "--out", str(tmp_path / "out2"))
    assert failed.returncode == 2
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert "problem 0" in failed.stderr and "'values'" in failed.stderr
