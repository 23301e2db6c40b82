"""A sweep report shows each group's pooled warnings about the pool itself (runs with broken
references between events, runs of mixed systems, runs left out of the pool), inert, in
Markdown and HTML; a group without such warnings looks as it did."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from scaffold.scoring.report_warnings import WarningKind
from scaffold.sweep.index import load_index
from scaffold.sweep.report_render import html_escape, md_escape
from scaffold.sweep.summary import POOL_WARNING_KINDS, summarise_sweep
from scaffold.visible_text import visible
from tests.cli_in_process import mesascope_in_process as mesascope
from tests.sweep_fixtures import make_sweep

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")
"""What must never be written: C0 but tab and newline, DEL, C1, a bidi override."""
NAME = "runs/bad\x1b]52;c;\x07<b>*x*<b>|[red]\u202e\n.jsonl"
"""The broken run's transcript, renamed: terminal escapes, HTML, Markdown, Rich markup,
a bidi override and a newline."""
SAYS = "broken references"
HEAD = "Pooled warnings"


def _inert_name() -> str:
    """The name as a pooled warning words it (controls visible, newline as `\\n`)."""
    return visible(NAME).replace("\n", "\\n")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """A sweep whose first ok hill-climb run has a state with a missing parent, its transcript
    renamed to NAME: (sweep, the run, how many hill-climb runs have a transcript)."""
    sweep = make_sweep(tmp_path_factory.mktemp("pool-warnings"))
    index = sweep / "index.csv"
    with index.open(newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f))
    head = lines[0]
    hill = [ln for ln in lines[1:]
            if ln[head.index("scaffold")] == "hill-climb" and ln[head.index("transcript")]]
    victim = next(ln for ln in hill if ln[head.index("status")] == "ok")
    old = sweep / victim[head.index("transcript")]
    events = [json.loads(line) for line in old.read_text(encoding="utf-8").splitlines()]
    state = next(ev for ev in events if ev["event"] == "state" and ev["parent"] is not None)
    state["parent"] = 999
    (sweep / NAME).write_text("".join(json.dumps(ev) + "\n" for ev in events), encoding="utf-8")
    old.unlink()
    victim[head.index("transcript")] = NAME
    with index.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(lines)
    return sweep, victim[head.index("run")], len(hill)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sweep(tmp_path_factory.mktemp("pool-clean"))


def test_markdown_names_the_broken_run_under_its_group(
    broken: tuple[Path, str, int], tmp_path: Path
) -> None:
    sweep, _, runs = broken
    out = tmp_path / "r.md"
    done = mesascope("report", sweep, "--format", "md", "--out", out)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert not RAW.search(text) and not RAW.search(done.stderr)
    assert "<b>" not in text and "\\*x\\*" in text
    section = text[text.index(f"## {HEAD}"):text.index("## Plots")]
    said = [ln for ln in section.splitlines() if SAYS in ln]
    assert len(said) == 1, section
    assert said[0].startswith(f"- **hill-climb**: 1 of {runs} runs has {SAYS} between events")
    assert said[0].endswith(md_escape(_inert_name()))
    assert text.index("| hill-climb |") < text.index(f"## {HEAD}")


def test_html_names_the_broken_run_under_its_group(broken: tuple[Path, str, int]) -> None:
    sweep, _, runs = broken
    done = mesascope("report", sweep, "--format", "html")
    assert done.returncode == 0, done.stderr
    html = done.stdout
    assert not RAW.search(html) and "<b>" not in html
    said = [ln for ln in html.splitlines() if SAYS in ln]
    assert len(said) == 1
    assert said[0].startswith(f"<li><code>hill-climb</code>: 1 of {runs} runs has {SAYS}")
    assert said[0].endswith(html_escape(_inert_name()) + "</li>")
    assert f"<h2>{HEAD}</h2>" in html


def test_grouped_finer_only_the_broken_runs_group_warns(broken: tuple[Path, str, int]) -> None:
    sweep, run, _ = broken
    _, rows = load_index(sweep / "index.csv")
    n = next(r["n"] for r in rows if r["run"] == run)
    done = mesascope("report", sweep, "--format", "md", "--by", "n")
    assert done.returncode == 0, done.stderr
    said = [ln for ln in done.stdout.splitlines() if SAYS in ln]
    assert len(said) == 1 and said[0].startswith(f"- **hill-climb / {n}**: 1 of ")


def test_a_clean_sweeps_report_has_no_warning_section(clean: Path) -> None:
    summary = summarise_sweep(clean, [])
    assert all(g.pooled and g.pooled["warnings"] for g in summary.groups)  # data caveats only
    assert not any(g.pool_warnings for g in summary.groups)
    md = mesascope("report", clean, "--format", "md")
    html = mesascope("report", clean, "--format", "html")
    assert md.returncode == html.returncode == 0
    for text in (md.stdout, html.stdout):
        assert HEAD not in text and SAYS not in text
        assert "warning" not in text.lower()


def test_the_shown_kinds_are_warning_kinds() -> None:
    assert set(POOL_WARNING_KINDS) <= {k.value for k in WarningKind}
    assert {WarningKind.MIXED_SYSTEMS, WarningKind.POOL_LEFT_OUT,
            WarningKind.BROKEN_REFERENCES} == set(POOL_WARNING_KINDS)
