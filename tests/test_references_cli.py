"""`score` warns and `info` says, in one inert line each, when references between events break;
neither refuses the file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile_inputs import OSC52_CLEAR, RAW_TERMINAL, run_cli
from tests.test_references_mutations import EVENTS, HEADER, LISTED, STATES

SAYS = "broken reference"


def _broken(tmp_path: Path) -> Path:
    """The ToT example with a score for an unlisted candidate (named with terminal escapes),
    a state whose parent is missing, and a second state for a step."""
    events = [dict(ev) for ev in EVENTS]
    step = sorted(LISTED)[0]
    events[STATES[2]]["parent"] = 999
    events.insert(0, {"event": "score", "step": step, "candidate": f"ghost{OSC52_CLEAR}\n",
                      "value": 9.0, "scorer": "s", "kind": "internal"})
    events.append(dict(EVENTS[STATES[1]]))
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join([HEADER, *map(json.dumps, events)]) + "\n", encoding="utf-8")
    return path


def _clean(text: str) -> None:
    assert not any(ch in text for ch in RAW_TERMINAL), repr(text)


def test_score_warns_once_in_one_inert_line(tmp_path: Path) -> None:
    out = run_cli("score", str(_broken(tmp_path)))
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if SAYS in line]
    assert len(lines) == 1, out.stdout
    assert "3 broken references between events" in lines[0]
    assert "first: step " in lines[0] and "candidate 'ghost\\x1b]52" in lines[0]
    _clean(out.stdout)
    report = json.loads(run_cli("score", "--json", str(_broken(tmp_path))).stdout)
    assert sum(SAYS in w for w in report["warnings"]) == 1


def test_info_says_so_in_one_line(tmp_path: Path) -> None:
    out = run_cli("info", str(_broken(tmp_path)))
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if SAYS in line]
    assert len(lines) == 1 and lines[0].split()[0] == "references", out.stdout
    _clean(out.stdout)
    info = json.loads(run_cli("info", "--json", str(_broken(tmp_path))).stdout)
    assert info["broken_references"] == 3 and info["steps"] == len(STATES)


def test_a_clean_file_says_nothing_of_references(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text("\n".join([HEADER, *map(json.dumps, EVENTS)]) + "\n", encoding="utf-8")
    assert SAYS not in run_cli("score", str(path)).stdout
    info = json.loads(run_cli("info", "--json", str(path)).stdout)
    assert info["broken_references"] == 0 and info["references"] == "ok"
