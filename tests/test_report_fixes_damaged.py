"""A damaged or missing transcript does not sink the report: the good runs are pooled, each bad
run is named in the report and on one stderr line, and the exit code is 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scaffold.sweep.index import load_index
from tests.cli_in_process import mesascope_in_process as mesascope
from tests.sweep_fixtures import make_sweep


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A sweep with one hill-climb transcript damaged and another deleted: (dir, runs)."""
    sweep = make_sweep(tmp_path_factory.mktemp("damaged"))
    _, rows = load_index(sweep / "index.csv")
    hill = [r for r in rows if r["scaffold"] == "hill-climb" and r["status"] == "ok"]
    (sweep / hill[0]["transcript"]).write_text('{"not": "a transcript"\n')
    (sweep / hill[1]["transcript"]).unlink()
    return sweep, hill[0]["run"], hill[1]["run"]


def test_markdown_report_names_the_bad_runs_and_pools_the_good(
    damaged: tuple[Path, str, str], tmp_path: Path
) -> None:
    sweep, broken, missing = damaged
    out = tmp_path / "r.md"
    done = mesascope("report", sweep, "--format", "md", "--out", out)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "2 runs left out" in done.stderr
    assert broken in done.stderr and missing in done.stderr
    text = out.read_text()
    skipped = text[text.index("## Skipped runs"):]
    assert f"| {missing} | runs/{missing}.jsonl | missing |" in skipped
    assert f"| {broken} | runs/{broken}.jsonl |" in skipped
    assert len(list((tmp_path / "r-plots").iterdir())) == 4

    _, rows = load_index(sweep / "index.csv")
    good = sorted(sweep / r["transcript"] for r in rows if r["scaffold"] == "hill-climb"
                  and r["run"] not in (broken, missing))
    scored = mesascope("score", "--pool", "--json", *good)
    assert scored.returncode == 0, scored.stderr
    pooled = json.loads(scored.stdout.splitlines()[-1])
    line = next(ln for ln in text.splitlines() if ln.startswith("| hill-climb |"))
    sel = pooled["selection"]
    assert (f"| {pooled['verdict']} | {sel['u_bar']:.3f} [{sel['u_ci'][0]:.3f}, "
            f"{sel['u_ci'][1]:.3f}] |") in line.replace("\\[", "[").replace("\\]", "]")


def test_html_on_stdout_is_still_produced(damaged: tuple[Path, str, str]) -> None:
    sweep, broken, missing = damaged
    done = mesascope("report", sweep, "--format", "html")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stdout.rstrip().endswith("</html>")
    assert "<h2>Skipped runs</h2>" in done.stdout
    assert f"<td>{broken}</td>" in done.stdout and f"<td>{missing}</td>" in done.stdout


def test_a_transcript_outside_the_sweep_is_not_read(tmp_path: Path) -> None:
    sweep = make_sweep(tmp_path)
    outside = tmp_path / "secret.jsonl"
    outside.write_text("secret\n")
    index = sweep / "index.csv"
    with index.open(newline="") as f:
        lines = list(csv.reader(f))
    column = lines[0].index("transcript")
    lines[1][column] = "../secret.jsonl"
    with index.open("w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(lines)
    done = mesascope("report", sweep, "--format", "md")
    assert done.returncode == 2 and "outside the sweep directory" in done.stderr
    assert "secret" not in done.stdout.replace("../secret.jsonl", "")
    assert "outside the sweep directory" in done.stdout


def test_a_clean_sweep_still_exits_0(tmp_path: Path) -> None:
    sweep = make_sweep(tmp_path)
    done = mesascope("report", sweep, "--format", "md")
    assert done.returncode == 0 and done.stderr == ""
    assert "Skipped runs" not in done.stdout


def test_a_hand_made_index_without_the_result_columns_is_one_line(tmp_path: Path) -> None:
    """`run,foo` was an internal error (KeyError: 'status'), exit 1 (found by exploratory QA)."""
    (tmp_path / "index.csv").write_text("run,foo\nr1,x\n")
    done = mesascope("report", tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "not a sweep index: no status, verdict, solved, p_value, transcript columns")
    assert done.stderr.count("\n") == 1
