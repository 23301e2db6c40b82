"""`mesascope report`: pooled verdicts per group that agree with `score --pool`, four plots,
untrusted text escaped in HTML and Markdown, and bad input as one line."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from scaffold.sweep.index import load_index
from scaffold.sweep.report_render import md_escape
from tests.sweep_fixtures import make_sweep
from tests.test_sweep_spec import mesascope

HOSTILE = "RuntimeError: seed 2 <b>fails</b> | on purpose"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sweep(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def html_report(sweep: Path) -> Path:
    out = sweep.parent / "report.html"
    done = mesascope("report", sweep, "--format", "html", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "report: 12 runs in 2 groups" in done.stderr
    return out


@pytest.fixture(scope="module")
def md_report(sweep: Path) -> Path:
    out = sweep.parent / "md" / "REPORT.md"
    out.parent.mkdir()
    done = mesascope("report", sweep, "--format", "md", "--out", out, "--by", "n")
    assert done.returncode == 0, done.stderr
    return out


def test_html_report_is_self_contained_with_four_plots_and_escapes_errors(
    html_report: Path,
) -> None:
    text = html_report.read_text()
    assert text.count("<svg") == 4 and text.count("</svg>") == 4
    for fetch in ("<script", "<link", "<img", "<iframe", "src=", "@import"):
        assert fetch not in text
    assert re.findall(r"url\((.)", text) == ["#"] * text.count("url(")
    assert set(re.findall(r"https?://[^\"' ]+", text)) == {  # XML namespaces, not fetches
        "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "<b>fails</b>" not in text
    assert "seed 2 &lt;b&gt;fails&lt;/b&gt; | on purpose" in text


def test_markdown_report_escapes_errors_and_links_its_plots(md_report: Path) -> None:
    out = md_report
    text = out.read_text()
    assert "| scaffold | n | runs |" in text and "| hill-climb | 3 | 3 | 1 |" in text
    assert md_escape(HOSTILE) in text and "<b>" not in text
    assert r"&lt;b&gt;fails&lt;/b&gt; \| on purpose" in text
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) == 4
    for link in links:
        assert (out.parent / link).read_text().startswith("<svg")


def test_markdown_table_rows_keep_their_columns(md_report: Path) -> None:
    table = [ln for ln in md_report.read_text().splitlines() if ln.startswith("|")]
    widths = {len(re.split(r"(?<!\\)\|", ln)) for ln in table}
    assert len(widths) == 2  # the groups table and the failures table, each uniform


def test_pooled_verdict_per_scaffold_is_score_pool_of_its_transcripts(sweep: Path) -> None:
    _, rows = load_index(sweep / "index.csv")
    done = mesascope("report", sweep, "--format", "md")
    assert done.returncode == 0, done.stderr
    for scaffold in ("hill-climb", "random-walk"):
        paths = sorted(sweep / r["transcript"] for r in rows if r["scaffold"] == scaffold)
        scored = mesascope("score", "--pool", "--json", *paths)
        assert scored.returncode == 0, scored.stderr
        pooled = json.loads(scored.stdout.splitlines()[-1])
        line = next(ln for ln in done.stdout.splitlines() if ln.startswith(f"| {scaffold} |"))
        sel = pooled["selection"]
        assert (f"| {pooled['verdict']} | {sel['u_bar']:.3f} [{sel['u_ci'][0]:.3f}, "
                f"{sel['u_ci'][1]:.3f}] |") in line.replace("\\[", "[").replace("\\]", "]")
    assert "| hill-climb | 6 | 2 | search-" in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "pdf"], "--format: expected html or md"),
    (["--by", "colour"], "--by colour: not a column of the index"),
])
def test_bad_report_input_is_one_line(sweep: Path, args: list[str], message: str) -> None:
    done = mesascope("report", sweep, *args)
    assert done.returncode == 2 and message in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_directory_without_an_index_is_not_a_sweep(tmp_path: Path) -> None:
    done = mesascope("report", tmp_path)
    assert done.returncode == 2 and "no index.csv (not a sweep directory)" in done.stderr
    (tmp_path / "a.jsonl").write_text("")
    (tmp_path / "b.jsonl").write_text("")
    done = mesascope("report", tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert ("no index.csv (not a sweep directory; it holds 2 transcript(s): open one, or score "
            f"them all with `mesascope score {tmp_path}`)") in done.stderr


CHROMIUM = Path("/usr/bin/chromium")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={profile}"]
    return subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed (make test-deps)")
def test_html_report_renders_every_plot_in_headless_chromium(
    html_report: Path, tmp_path: Path
) -> None:
    url = html_report.resolve().as_uri()
    dom = chromium("--dump-dom", url, profile=tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    figures = re.findall(r'<figure id="plot-([\w-]+)">(.*?)</figure>', dom.stdout, re.DOTALL)
    assert [name for name, _ in figures] == ["verdicts", "u-bar", "solved-vs-compute",
                                             "p-values"]
    for name, body in figures:
        assert body.count("<svg") == 1 and body.count("<path") > 20, name
    shot = tmp_path / "report.png"
    done = chromium(f"--screenshot={shot}", "--window-size=1200,1400", url,
                    profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # text, bars, points: not a blank page
    plot_blue = (0x1F, 0x4E, 0x79)
    assert any(rgb == plot_blue for _, rgb in colours)
