"""Index cells with terminal controls reach no terminal and no report raw: Markdown, HTML,
plot labels and stderr show them as `\\x1b`, the way the rest of the tool does."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.sweep.plots import plain
from scaffold.sweep.report_render import html_escape, md_escape
from scaffold.visible_text import visible
from tests.sweep_fixtures import make_sweep
from tests.test_sweep_spec import mesascope

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What must never be written: C0 but tab and newline, DEL, C1."""
TITLE = "hill\x1b]0;pwned\x07\x1b[2J\x9b31m[bold]x[/bold]"
ERROR = "boom \x1b[31m red\x00 \u202e"


def rewrite_index(directory: Path, scaffold: str, error: str) -> None:
    """The first row's scaffold and every failed row's error replaced by hostile text."""
    path = directory / "index.csv"
    with path.open(newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f))
    head = lines[0]
    lines[1][head.index("scaffold")] = scaffold
    for line in lines[1:]:
        if line[head.index("status")] == "failed":
            line[head.index("error")] = error
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(lines)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sweep = make_sweep(tmp_path_factory.mktemp("hostile"))
    rewrite_index(sweep, TITLE, ERROR)
    return sweep


def test_markdown_on_stdout_shows_controls_visibly(hostile: Path) -> None:
    done = mesascope("report", hostile, "--format", "md")
    assert done.returncode == 0, done.stderr
    assert not RAW.search(done.stdout) and not RAW.search(done.stderr)
    assert r"hill\\x1b\]0;pwned\\x07\\x1b\[2J\\x9b31m\[bold\]x\[/bold\]" in done.stdout
    assert r"boom \\x1b\[31m red\\x00 \\u202e" in done.stdout


def test_html_and_its_plots_show_controls_visibly_and_stderr_stays_clean(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    done = mesascope("report", hostile, "--format", "html", "--out", out)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert not RAW.search(text) and "\u202e" not in text
    assert r"hill\x1b]0;pwned\x07\x1b[2J\x9b31m[bold]x[/bold]" in text
    assert not RAW.search(done.stderr) and "Glyph" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_markdown_plots_beside_the_file_are_clean(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    done = mesascope("report", hostile, "--format", "md", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "Glyph" not in done.stderr and not RAW.search(done.stderr)
    for path in [out, *(tmp_path / "r-plots").iterdir()]:
        assert not RAW.search(path.read_text(encoding="utf-8")), path


@given(st.text())
def test_md_and_html_escapes_leave_no_control(text: str) -> None:
    for escaped in (md_escape(text), html_escape(text)):
        assert not RAW.search(escaped)
    assert "\n" not in md_escape(text) and "\t" not in md_escape(text)


@given(st.text())
def test_a_plot_label_shows_exactly_the_visible_text(text: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    label = plain(text)  # what matplotlib shows for it (its own pre-pass, no stubs):
    shown, is_math = Text(0, 0, label)._preprocess_math(label)  # type: ignore[attr-defined]
    assert (shown, is_math) == (visible(text), False)
