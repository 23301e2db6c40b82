"""Hostile transcript text and a CLI runner, shared by the hostile-input tests and the fuzzer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

OSC52_CLEAR = "\x1b]52;c;SGVsbG8=\x07\x1b[2J"
"""Sets the clipboard, then clears the screen, when a terminal receives it raw."""
BIDI_ZW = "\u202eevil\u202c\u200b\u200c\u200d\ufeff\u2060\u2066x\u2069"
HOSTILE = [OSC52_CLEAR, BIDI_ZW, "\x07\x9b31m", "[bold red]x[/]", "<script>alert(1)</script>"]
EXAMPLE = REPO / "transcripts" / "example-hill-climb.jsonl"
RAW_TERMINAL = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\u2066", "\ufeff")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def header_line(**config: object) -> str:
    return json.dumps({
        "event": "header", "schema_version": 1, "tool_version": "t", "loop": "toy",
        "scaffold": "s", "model": {"id": "m"}, "task": {"name": "n"}, "config": config,
    })


def transcript(path: Path, *events: dict[str, object] | str) -> Path:
    """A header and `events` (dicts as JSON, strings as they are), one a line."""
    lines = [header_line()] + [e if isinstance(e, str) else json.dumps(e) for e in events]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_one_clean_line(out: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """Exit `code`, one line on stderr, no traceback, no raw control/bidi/zero-width chars."""
    assert out.returncode == code, (out.returncode, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert not any(ch in out.stderr for ch in RAW_TERMINAL), repr(out.stderr)
    return lines[0]
