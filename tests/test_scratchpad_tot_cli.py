"""Issue 3's check on the real embedded model: a headless ToT run is reproducible and scorable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scaffold.transcript import read_transcript
from tests.conftest import REPO

RUN = ["run", "--loop", "scratchpad", "--scaffold", "tot", "--task", "game24",
       "--puzzle", "4 9 10 13", "--seed", "1", "--steps", "2", "--headless"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=600)


def comparable(path: Path) -> tuple[dict, list[dict]]:
    """Everything but the creation time and wall-clock metrics."""
    header, events, truncated = read_transcript(path)
    assert not truncated
    out = []
    for ev in events:
        d = ev.model_dump()
        if ev.event == "metrics":
            d.pop("wall_s")
        out.append(d)
    return header.model_dump(exclude={"created"}), out


def assert_tot_levels(config: dict, events: list[dict]) -> None:
    """Each level: proposals extend frontier items, the kept ones are the top b by internal value
    among distinct valid states, and a metrics event closes it with tokens and wall time."""
    by_step: dict[int, list[dict]] = {}
    for ev in events:
        by_step.setdefault(ev["step"], []).append(ev)
    levels = 0
    for evs in by_step.values():
        state = next(e for e in evs if e["event"] == "state")
        metrics = [e for e in evs if e["event"] == "metrics"]
        assert len(metrics) == 1 and evs[-1] is metrics[0]
        cands = [c for e in evs if e["event"] == "candidates" for c in e["candidates"]]
        if not cands:
            continue
        levels += 1
        assert metrics[0]["tokens"] > 0
        assert {c["parent"] for c in cands} <= set(state["attrs"]["frontier_ids"])
        internal = {e["candidate"]: e["value"] for e in evs
                    if e["event"] == "score" and e["kind"] == "internal"}
        assert set(internal) == {c["id"] for c in cands}
        chosen = next(e for e in evs if e["event"] == "select")["chosen"]
        assert len(chosen) <= config["beam"]
        valid = [c["id"] for c in cands if c["attrs"]["parse"] == "ok"]
        assert set(chosen) <= set(valid)
        if chosen:
            floor = min(internal[c] for c in chosen)
            left = {c["id"]: c["attrs"].get("left") for c in cands}
            kept_states = {left[c] for c in chosen}
            for c in valid:
                if c not in chosen and left[c] not in kept_states and internal[c] is not None:
                    assert internal[c] <= floor
    assert levels >= 1


def assert_budget_cut_ends_in_a_partial_final_state(config: dict, events: list[dict]) -> None:
    """--steps 2 on a depth-3 tree: one expansion, then the budget's last step records the kept
    frontier as a final, partial, unsolved state whose answer is the best kept item."""
    assert config["steps"] == 2 and config["tree_depth"] == 3
    states = [e for e in events if e["event"] == "state"]
    assert [s["final"] for s in states] == [False, True]
    last = states[-1]
    assert last["step"] == max(e["step"] for e in events)
    assert not any(e["event"] in ("candidates", "select") and e["step"] == last["step"]
                   for e in events)
    chosen = next(e for e in events if e["event"] == "select")["chosen"]
    assert last["parent"] == states[0]["step"] and last["attrs"]["frontier_ids"] == chosen
    assert chosen, "the first level kept no valid state"
    attrs = last["attrs"]
    assert attrs["partial"] is True and attrs["solved"] is False and attrs["level"] == 1
    assert attrs["reason"] == "step budget of 2 ran out at level 1 of 3"
    best = json.loads(attrs["frontier"][0])  # the first kept state: the best by selection score
    assert attrs["answer"] == ", ".join(best["exprs"])


def test_same_seed_gives_identical_events_and_the_scorer_finds_decisions(tmp_path: Path) -> None:
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path in paths:
        done = cli(*RUN, "--out", str(path))
        assert done.returncode == 0, done.stderr[-2000:]
    first, second = (comparable(p) for p in paths)
    assert first == second
    kinds = {e["event"] for e in first[1]}
    assert {"state", "candidates", "score", "select", "metrics"} <= kinds
    assert first[0]["config"]["n"] >= 2 and first[0]["seed"] == 1
    assert_tot_levels(first[0]["config"], first[1])
    assert_budget_cut_ends_in_a_partial_final_state(first[0]["config"], first[1])

    scored = cli("score", "--json", str(paths[0]))
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout.splitlines()[0])
    assert report["regime"] == "A"
    assert report["n_decisions"] >= 1


def test_unreachable_remote_backend_is_recorded_and_reported_without_a_traceback(
    tmp_path: Path,
) -> None:
    out = tmp_path / "remote.jsonl"
    done = cli("run", "--loop", "scratchpad", "--scaffold", "tot", "--task", "game24",
               "--puzzle", "4 9 10 13", "--steps", "1", "--headless", "--backend", "openai",
               "--base-url", "http://127.0.0.1:9", "--model", "m", "--out", str(out))
    assert "Traceback" not in done.stderr
    assert done.returncode == 3, "exit 3: every step recorded a backend error " + done.stderr
    _, events, _ = read_transcript(out)
    errors = [e for e in events if e.event == "error"]
    assert errors, "the failure is data in the transcript"
    lines = done.stderr.splitlines()
    said = [line for line in lines if "backend error" in line]
    assert len(said) == len(errors) and "connection failed" in said[0], done.stderr
    plural = "s" if len(errors) > 1 else ""
    assert f"{len(errors)} error{plural} recorded" in lines[-1], "the closing line counts them"
