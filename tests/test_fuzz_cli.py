"""Fuzz harness: hostile transcripts and hostile arguments for info, score, export and replay.

Whatever arrives, a command exits 0 or 2, writes at most one line to stderr per bad path (and
one note on duplicate paths), never a traceback
and never a raw ESC, BEL, bidi or zero-width character, and changes no file but its output.
Transcripts are mutations of a real example (`transcripts/example-tot-game24.jsonl`, cut to
its first lines to stay fast). Commands run in-process through `tui.cli.main` with patched
argv; `replay`'s app is replaced by a walk over every step through the reader it is given,
which is what the app would show. A few cases also run as real subprocesses.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.hostile_inputs import HOSTILE, RAW_TERMINAL, assert_one_clean_line, run_cli
from tui import cli

EXAMPLE = REPO / "transcripts" / "example-tot-game24.jsonl"
BASE = EXAMPLE.read_bytes().splitlines(keepends=True)[:24]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

hostile = st.one_of(st.sampled_from(HOSTILE), st.text(
    st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "L", "P"]), max_size=12))
numbers = st.sampled_from(
    ["true", "1.0", '"1"', "-1", str(2**53), str(2**70), "1" + "0" * 5000, "NaN", "Infinity",
     '"NaN"', "1e999", "null", "[]", "{}", "[" * 3000 + "]" * 3000])


@st.composite
def mutated_transcript(draw: st.DrawFn) -> bytes:
    """The example, damaged one way or several."""
    lines = list(BASE)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        kind = draw(st.sampled_from(
            ["flip", "cut", "number", "string", "key", "line", "drop", "dup", "base64", "tail"]))
        if kind == "flip" and line:
            at = draw(st.integers(0, len(line) - 1))
            line = line[:at] + bytes([line[at] ^ (1 << draw(st.integers(0, 7)))]) + line[at + 1:]
        elif kind == "cut":
            line = line[: draw(st.integers(0, len(line)))]
        elif kind == "number":
            line = line.replace(b'"step":', b'"step":' + draw(numbers).encode() + b", \"x\":", 1)
        elif kind in ("string", "key"):
            text = json.dumps(draw(hostile))[1:-1].encode()
            line = line.replace(b'":"', b'":"' + text, 1) if kind == "string" else (
                line.replace(b'{"', b'{"' + text, 1))
        elif kind == "line":
            line = (draw(hostile) + "\n").encode("utf-8", "surrogatepass")
        elif kind == "drop":
            line = b""
        elif kind == "dup":
            line = lines[0]
        elif kind == "base64":
            line = line.replace(b'"image":null', b'"image":{"encoding":"array","dtype":"uint8",'
                                b'"shape":[2,2],"data":"!!!!!!!!"}', 1)
        elif kind == "tail":
            lines = lines[: i + 1]
        lines[i] = line
    return b"".join(lines)


def _fingerprint(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


class _WalkingApp:
    """Stands in for the TUI: reads every step as the app would, through the given reader."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.return_code = 0

    def run(self) -> None:
        with self.reader:
            self.reader.index()
            for i in range(self.reader.n_steps):
                self.reader.step(i)


def _fake_create_app(path: Any = None, *, reader: Any = None, **_: Any) -> _WalkingApp:
    return _WalkingApp(reader)


def run_in_process(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `mesascope ARGS` in `cwd`, run through `tui.cli.main`."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.object(sys, "argv", ["mesascope", *args]), \
            mock.patch("tui.app.create_app", _fake_create_app), contextlib.chdir(cwd), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def check(args: list[str], root: Path, output: Path | None) -> tuple[int, str]:
    """Run in `root`; only `output` (relative to `root`) may change there."""
    before = _fingerprint(root)
    code, stdout, stderr = run_in_process(args, root)
    assert code in (0, 2), (args, code, stderr)
    # one line per bad path (`score` goes on past a bad file) and a note on duplicate paths or
    # a warning on broken references (`export`, `extract`: they go on and exit 0)
    lines = stderr.splitlines()
    notes = [line for line in lines
             if line.startswith(("mesascope: note: ", "mesascope: warning: "))]
    assert len(lines) - len(notes) <= max(1, len(args)) and len(notes) <= 1, stderr
    assert "Traceback" not in stderr
    assert not any(ch in stderr for ch in RAW_TERMINAL), repr(stderr)
    exported = [line for line in lines if line.startswith("exported ")]
    assert code or len(lines) == len(notes) + len(exported) <= len(notes) + 1, (
        "success is silent on stderr, but for the note and export's summary")
    assert "\x1b" not in stdout and "\x07" not in stdout
    after = _fingerprint(root)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    allowed = {os.path.relpath(root / output, root)} if output is not None else set()
    assert changed <= allowed, (args, changed)
    return code, stderr


@contextlib.contextmanager
def workspace(data: bytes) -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "dir").mkdir()
        (root / "taken.json").write_text("keep")
        (root / "link.json").symlink_to(root / "taken.json")
        path = root / "t.jsonl"
        path.write_bytes(data)
        (root / "t.md").write_bytes(data)  # a transcript whose default md output is itself
        yield root, path


@FUZZ
@given(mutated_transcript())
def test_hostile_transcripts_give_exit_0_or_2_and_one_inert_line(data: bytes) -> None:
    with workspace(data) as (root, path):
        for cmd in (["info"], ["info", "--json"], ["score"], ["score", "--json"], ["replay"]):
            check([cmd[0], str(path), *cmd[1:]], root, None)
        for fmt in ("json", "md", "npz"):
            out = root / f"out.{fmt}"
            check(["export", str(path), "--format", fmt, "--out", str(out)], root, out)
            with contextlib.suppress(FileNotFoundError):
                out.unlink()


NAMES = ["t.jsonl", "t.md", "t.json", "dir", "nope.jsonl", "taken.json", "link.json",
         "missing/x.md", "out.md", "dir/x.npz"]
names = st.one_of(st.sampled_from(NAMES), hostile)
extras = st.lists(st.one_of(st.sampled_from(["--json", "--pool", "--force", "--format", "--out",
                                             "--bogus", "-", ""]), hostile), max_size=2)


@st.composite
def cli_args(draw: st.DrawFn) -> list[str]:
    """Arguments with names relative to the workspace, which is the working directory."""
    command = draw(st.sampled_from(["info", "score", "export", "export", "replay"]))
    source = draw(st.sampled_from(["t.jsonl", "t.md", "dir", "nope.jsonl", "link.json"]) | hostile)
    args = [command, source]
    if command != "export":
        return args + [f for f in ("--json", "--pool") if draw(st.booleans())] + _extras(draw)
    fmt = draw(st.sampled_from(["json", "md", "npz", "xml", "?"]))
    args += ["--format", draw(hostile) if fmt == "?" else fmt]
    out = draw(st.none() | st.just(source) | names)
    args += ["--out", out] if out is not None else []
    return args + (["--force"] if draw(st.booleans()) else []) + _extras(draw)


def _extras(draw: st.DrawFn) -> list[str]:
    """Now and then, junk after the command's own arguments."""
    return draw(extras) if draw(st.integers(0, 3)) == 0 else []


def _export_target(args: list[str]) -> Path | None:
    """Where `export ARGS` may write: its last `--out`, or the input with the format's suffix."""
    if args[0] != "export" or "--format" not in args[:-1]:
        return None
    outs = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--out"]
    if outs:
        return Path(outs[-1]) if outs[-1] else None
    try:
        return Path(args[1]).with_suffix(f".{args[args.index('--format') + 1]}")
    except ValueError:
        return None


@settings(FUZZ, max_examples=80)
@given(cli_args())
@example(["export", "t.jsonl", "--format", "json", "--out", "t.jsonl", "--force"])
@example(["export", "t.md", "--format", "md", "--force"])
@example(["export", "t.jsonl", "--format", "md", "--force"])
@example(["export", "", "--format", "json"])
@example(["export", "t.jsonl", "--format", "md", "--out", "link.json", "--force"])
@example(["export", "t.jsonl", "--format", "npz", "--out", "dir/x.npz"])
def test_hostile_arguments_give_exit_0_or_2_and_one_inert_line(args: list[str]) -> None:
    with workspace(b"".join(BASE)) as (root, _path):
        output = _export_target(args)
        if output is not None and os.path.normpath(output) == os.path.normpath(args[1]):
            output = None  # the input is never an output
        check(args, root, output)
        if output is None or output.name != "taken.json":
            assert (root / "taken.json").read_text() == "keep", "a symlink's target is untouched"


def test_a_few_hostile_cases_as_real_subprocesses(tmp_path: Path) -> None:
    bad = tmp_path / "t.jsonl"
    bad.write_bytes(BASE[0] + b'{"event":"state","step":true,"\x1b]52;c;x\x07":1}\n')
    for args in (["info", str(bad)], ["score", str(bad)], ["replay", str(tmp_path / "dir")],
                 ["export", str(bad), "--out", str(bad)], ["export", str(EXAMPLE), "--out",
                 str(tmp_path / "no" / "x.json")]):
        assert_one_clean_line(run_cli(*args))
    shutil.copy(EXAMPLE, tmp_path / "ok.jsonl")
    done = run_cli("export", str(tmp_path / "ok.jsonl"), "--format", "md")
    assert done.returncode == 0 and (tmp_path / "ok.md").is_file(), done.stderr
