"""Markdown export keeps transcript text inert: rendered, it yields no element outside the
fences that came from the transcript (finding 5)."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    ErrorEvent,
    HeaderEvent,
    ModelInfo,
    NoteEvent,
    ScoreEvent,
    SelectEvent,
    StateEvent,
    TaskInfo,
    TranscriptWriter,
)
from scaffold.visible_text import visible
from tests.hostile_inputs import OSC52_CLEAR, run_cli

BREAKOUT = "``` \n# Pwned heading\n<img src=x onerror=alert(1)>\n````\n[link](http://x) *em*"
INLINE = "a|b `code` *em* __strong__ [l](http://x) <b>html</b> &amp; ~~s~~ \\| " + OSC52_CLEAR
EXPECTED_TYPES = {
    "heading_open", "heading_close", "inline", "text", "paragraph_open", "paragraph_close",
    "fence", "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close",
    "code_inline", "table_open", "table_close", "thead_open", "thead_close", "tbody_open",
    "tbody_close", "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
    "blockquote_open", "blockquote_close", "softbreak",
}


def hostile_md_transcript(path: Path) -> Path:
    header = HeaderEvent(tool_version="t", loop="# toy" + INLINE, scaffold=INLINE,
                         model=ModelInfo(id=INLINE, backend=INLINE),
                         task=TaskInfo(name=INLINE, instance=BREAKOUT),
                         config={"k": "```" + INLINE})
    with TranscriptWriter(path, header) as w:
        w.write_all([
            StateEvent(step=0, text=BREAKOUT),
            CandidatesEvent(step=0, candidates=[Candidate(id=INLINE, text=BREAKOUT),
                                                Candidate(id="b", text=INLINE)]),
            ScoreEvent(step=0, candidate=INLINE, value=0.5, scorer=INLINE, kind="internal"),
            ScoreEvent(step=0, candidate="b", value=None, scorer=INLINE, kind="external"),
            SelectEvent(step=0, chosen=[INLINE], rule=INLINE),
            NoteEvent(step=0, text=BREAKOUT),
            ErrorEvent(step=0, message=INLINE),
            StateEvent(step=1, parent=0, text="`" * 7 + "\n" + BREAKOUT),
        ])
    return path


def _walk(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out += _walk(token.children or [])
    return out


def test_markdown_export_renders_no_element_from_transcript_text(tmp_path: Path) -> None:
    src = hostile_md_transcript(tmp_path / "t.jsonl")
    out = run_cli("export", str(src), "--format", "md", "--out", str(tmp_path / "t.md"))
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text, "controls are written visibly"
    tokens = _walk(MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text))
    assert {t.type for t in tokens} <= EXPECTED_TYPES, {t.type for t in tokens} - EXPECTED_TYPES
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 3 and headings[0].startswith("Transcript: ")
    assert headings[1:] == ["Step 1 (id 0)", "Step 2 (id 1, parent 0)"]
    fences = [t.content for t in tokens if t.type == "fence"]
    assert fences == [visible(BREAKOUT) + "\n", "`" * 7 + "\n" + visible(BREAKOUT) + "\n"]
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 3, "a header row and one row per candidate"
    assert sum(t.type == "td_open" for t in tokens) == 2 * 4, "pipes never add cells"


def test_markdown_of_a_plain_transcript_reads_as_before() -> None:
    from scaffold.transcript.export import _cell

    assert _cell("argmax match (hill-climb) 0.5") == "argmax match (hill-climb) 0.5"
