"""Broken references between events reach what `score` alone showed before: a pooled report
names the runs that have them (card and JSON), and `extract` and `export` warn on stderr in
one inert line per file. A warning, never a refusal: the exit code stays 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.scoring import pool, score_transcript
from scaffold.scoring.report_warnings import WarningKind
from scaffold.scoring.scorer import RUNS_NAMED
from tests.cli_in_process import mesascope_in_process
from tests.hostile_inputs import OSC52_CLEAR, RAW_TERMINAL
from tests.test_references_mutations import EVENTS, HEADER, LISTED, STATES

MARKUP = "[bold red]x[/]"
GHOST = f"ghost{OSC52_CLEAR}{MARKUP}\n"
"""An unlisted candidate's id: terminal escapes, Rich markup and a newline."""
SAYS = "broken reference"


def _write(path: Path, events: list[dict]) -> Path:
    path.write_text("\n".join([HEADER, *map(json.dumps, events)]) + "\n", encoding="utf-8")
    return path


def _broken(path: Path) -> Path:
    """The ToT example with a score for an unlisted candidate (named with escapes and markup)
    and a state whose parent is missing: 2 broken references."""
    events = [dict(ev) for ev in EVENTS]
    events[STATES[2]]["parent"] = 999
    events.insert(0, {"event": "score", "step": sorted(LISTED)[0], "candidate": GHOST,
                      "value": 9.0, "scorer": "s", "kind": "internal"})
    return _write(path, events)


def _clean(path: Path) -> Path:
    return _write(path, [dict(ev) for ev in EVENTS])


def _inert(text: str) -> None:
    assert not any(ch in text for ch in RAW_TERMINAL), repr(text)


def _pooled_broken(report) -> list[str]:
    return [w.text for w in report.warnings if w.kind == WarningKind.BROKEN_REFERENCES]


# --- pooled reports ------------------------------------------------------------------------


def test_a_pool_names_the_runs_with_broken_references(tmp_path: Path) -> None:
    a, b = _broken(tmp_path / "a.jsonl"), _broken(tmp_path / "b.jsonl")
    paths = [a, _clean(tmp_path / "c.jsonl"), b, _clean(tmp_path / "d.jsonl"),
             _clean(tmp_path / "e.jsonl")]
    pooled = pool([score_transcript(p) for p in paths])
    assert _pooled_broken(pooled) == [
        f"2 of 5 runs have broken references between events (see each run's report): {a}, {b}"]


def test_one_broken_run_of_two_is_said_in_the_singular(tmp_path: Path) -> None:
    a = _broken(tmp_path / "a.jsonl")
    pooled = pool([score_transcript(a), score_transcript(_clean(tmp_path / "b.jsonl"))])
    assert _pooled_broken(pooled) == [
        f"1 of 2 runs has broken references between events (see each run's report): {a}"]


def test_a_pool_of_clean_runs_says_nothing_of_references(tmp_path: Path) -> None:
    pooled = pool([score_transcript(_clean(tmp_path / f"{n}.jsonl")) for n in "ab"])
    assert not _pooled_broken(pooled)
    assert not any(SAYS in w.text for w in pooled.warnings)


def test_a_long_list_of_broken_runs_is_cut_with_a_count(tmp_path: Path) -> None:
    n = RUNS_NAMED + 2
    paths = [_broken(tmp_path / f"r{i}.jsonl") for i in range(n)]
    [text] = _pooled_broken(pool([score_transcript(p) for p in paths]))
    assert text.startswith(f"{n} of {n} runs have broken references")
    assert text.endswith(f"{paths[RUNS_NAMED - 1]} and 2 more")
    assert str(paths[RUNS_NAMED]) not in text


def test_score_pool_card_and_json_carry_the_warning(tmp_path: Path) -> None:
    a, b = _broken(tmp_path / "a.jsonl"), _clean(tmp_path / "b.jsonl")
    card = mesascope_in_process("score", "--pool", a, b)
    assert card.returncode == 0, card.stderr
    pooled_card = card.stdout.split("\n\n")[-1]
    lines = [line for line in pooled_card.splitlines() if "1 of 2 runs has broken" in line]
    assert len(lines) == 1 and lines[0].startswith("Warning"), pooled_card
    assert str(a) in lines[0] and str(b) not in lines[0]
    _inert(card.stdout + card.stderr)
    rows = [json.loads(line) for line in
            mesascope_in_process("score", "--pool", "--json", a, b).stdout.splitlines()]
    assert len(rows) == 3
    assert [w for w in rows[2]["warnings"] if "runs has broken references" in w] == [
        f"1 of 2 runs has broken references between events (see each run's report): {a}"]
    assert sum(SAYS in w for w in rows[0]["warnings"]) == 1
    assert not any(SAYS in w for w in rows[1]["warnings"])


def test_a_hostile_file_name_reaches_the_pooled_card_inert(tmp_path: Path) -> None:
    a = _broken(tmp_path / f"a{OSC52_CLEAR}[bold red]x.jsonl")
    b = _broken(tmp_path / "b.jsonl")
    out = mesascope_in_process("score", "--pool", a, b)
    assert out.returncode == 0, out.stderr
    _inert(out.stdout + out.stderr)
    pooled_card = out.stdout.split("\n\n")[-1]
    [line] = [x for x in pooled_card.splitlines() if "2 of 2 runs have broken" in x]
    assert "a\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J[bold red]x.jsonl" in line


# --- extract and export ----------------------------------------------------------------------


def _warned(stderr: str, path: Path) -> str:
    """The one warning line about `path`'s references, checked to be inert."""
    lines = [line for line in stderr.splitlines() if SAYS in line]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"mesascope: warning: {path}: 2 broken references between events")
    _inert(stderr)
    return lines[0]


def test_extract_warns_of_broken_references_and_still_writes(tmp_path: Path) -> None:
    src, out = _broken(tmp_path / "run.jsonl"), tmp_path / "run.implicit.jsonl"
    done = mesascope_in_process("extract", src, "--out", out)
    assert done.returncode == 0, done.stderr
    line = _warned(done.stderr, src)
    assert "candidate 'ghost\\x1b]52" in line and MARKUP in line
    assert out.is_file() and "decision" in done.stdout
    assert SAYS not in done.stdout


def test_extract_of_a_clean_transcript_warns_of_nothing(tmp_path: Path) -> None:
    done = mesascope_in_process("extract", _clean(tmp_path / "run.jsonl"))
    assert done.returncode == 0, done.stderr
    assert SAYS not in done.stderr + done.stdout


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_export_warns_of_broken_references_and_still_writes(tmp_path: Path, fmt: str) -> None:
    src = _broken(tmp_path / "run.jsonl")
    done = mesascope_in_process("export", src, "--format", fmt)
    assert done.returncode == 0, done.stderr
    line = _warned(done.stderr, src)
    assert "missing parent" in line and "unlisted candidate" in line
    assert src.with_suffix(f".{fmt}").is_file()
    assert f"exported {fmt} of {src}" in done.stderr


def test_export_of_a_clean_transcript_warns_of_nothing(tmp_path: Path) -> None:
    done = mesascope_in_process("export", _clean(tmp_path / "run.jsonl"), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert SAYS not in done.stderr


# --- a sweep's pooled groups ---------------------------------------------------------------


def test_a_sweep_groups_pooled_report_names_its_broken_run(tmp_path: Path) -> None:
    from scaffold.sweep.summary import summarise_sweep
    from tests.sweep_fixtures import make_sweep

    out = make_sweep(tmp_path)
    runs = sorted((out / "runs").glob("*.jsonl"))
    victim = runs[0]
    lines = victim.read_text(encoding="utf-8").splitlines()
    state = next(line for line in lines if json.loads(line).get("event") == "state")
    victim.write_text("\n".join([*lines, state]) + "\n", encoding="utf-8")  # a second state
    summary = summarise_sweep(out, [])
    said = [w for g in summary.groups for w in (g.pooled or {}).get("warnings", [])
            if "broken references" in w]
    assert len(said) == 1 and said[0].startswith("1 of ") and said[0].endswith(str(victim))
