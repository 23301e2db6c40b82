"""Encoding problems are one plain line naming the file, the line and the byte: a transcript
line or a sweep spec that is not UTF-8, and a byte order mark where it does not belong. A BOM
at the very start is accepted (editors add one), in a transcript and in a spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.sweep.spec import load_spec
from scaffold.transcript.errors import TranscriptError
from scaffold.transcript.reader import TranscriptReader, read_transcript
from tests.hostile_inputs import EXAMPLE, assert_one_clean_line, run_cli

BOM = b"\xef\xbb\xbf"


def damaged(tmp_path: Path, number: int, edit: bytes) -> Path:
    """The example transcript with line `number` (1-based) cut at column 12 and `edit` put in."""
    lines = EXAMPLE.read_bytes().split(b"\n")
    lines[number - 1] = lines[number - 1][:11] + edit + lines[number - 1][11:]
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.mark.parametrize("cmd", [["info"], ["export"], ["score"]], ids=lambda c: c[0])
@pytest.mark.parametrize("number", [1, 3])
def test_a_non_utf8_byte_names_the_line_byte_and_column(
        tmp_path: Path, cmd: list[str], number: int) -> None:
    path = damaged(tmp_path, number, b"\xff")
    extra = ["--out", str(tmp_path / "out.json")] if cmd[0] == "export" else []
    line = assert_one_clean_line(run_cli(cmd[0], str(path), *extra))
    assert line == f"mesascope: {path}:{number}: not UTF-8 text (byte 0xff at column 12)"


def test_the_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = damaged(tmp_path, 3, "é€".encode() + b"\xc3")  # a lead byte with no continuation
    with pytest.raises(TranscriptError) as err, TranscriptReader(path) as reader:
        reader.index(validate=True)
    assert str(err.value) == f"{path}:3: not UTF-8 text (byte 0xc3 at column 14)"


@pytest.mark.parametrize("column", [12, 40], ids=["in the kind", "past the fast peek"])
def test_every_reading_path_says_the_same(tmp_path: Path, column: int) -> None:
    lines = EXAMPLE.read_bytes().split(b"\n")
    lines[3] = lines[3][: column - 1] + b"\xfe" + lines[3][column - 1 :]
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\n".join(lines))
    expected = f"{path}:4: not UTF-8 text (byte 0xfe at column {column})"
    with pytest.raises(TranscriptError) as lazy, TranscriptReader(path) as reader:
        reader.index()  # peeks at the line: fails at column 12, passes at 40
        for i in range(reader.n_steps):
            reader.step(i)  # parses it
    with pytest.raises(TranscriptError) as batch:
        read_transcript(path)
    with pytest.raises(TranscriptError) as stream, TranscriptReader(path) as reader:
        list(reader.events())
    assert str(lazy.value) == str(batch.value) == str(stream.value) == expected


def test_a_bom_at_the_start_does_not_shift_the_column(tmp_path: Path) -> None:
    path = damaged(tmp_path, 1, b"\xff")
    path.write_bytes(BOM + path.read_bytes())
    with pytest.raises(TranscriptError) as err:
        TranscriptReader(path)
    assert str(err.value) == f"{path}:1: not UTF-8 text (byte 0xff at column 12)"


def test_a_bom_inside_the_file_is_named(tmp_path: Path) -> None:
    lines = EXAMPLE.read_bytes().split(b"\n")
    lines[3] = BOM + lines[3]
    path = tmp_path / "joined.jsonl"
    path.write_bytes(b"\n".join(lines))
    line = assert_one_clean_line(run_cli("info", str(path)))
    assert line == (f"mesascope: {path}:4: starts with a UTF-8 byte order mark (allowed only "
                    "at the start of the file); remove it")


def test_a_bom_at_the_start_of_a_transcript_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(BOM + EXAMPLE.read_bytes())
    header, events, truncated = read_transcript(path)
    assert (header, events, truncated) == read_transcript(EXAMPLE)
    out = run_cli("export", str(path), "--out", str(tmp_path / "bom.json"))
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize(("data", "where"), [
    (b'\xffloop = "toy"\n', "1: not UTF-8 text (byte 0xff at column 1)"),
    (b'loop = "toy"\nname = "\xc3\xa9a\xffb"\n', "2: not UTF-8 text (byte 0xff at column 11)"),
    (BOM + b'loop = "toy"\nname = "\xfe"\n', "2: not UTF-8 text (byte 0xfe at column 9)"),
], ids=["first byte", "after a two-byte character", "after a bom"])
def test_a_spec_that_is_not_utf8_names_the_line_byte_and_column(
        tmp_path: Path, data: bytes, where: str) -> None:
    path = tmp_path / "spec.toml"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load_spec(path)
    assert str(err.value) == f"{path}:{where}"
    line = assert_one_clean_line(run_cli("sweep", str(path), "--dry-run", "--out",
                                         str(tmp_path / "out")))
    assert line == f"mesascope: {path}:{where}"


def test_a_spec_with_a_bom_reads_like_one_without(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.toml", tmp_path / "marked.toml"
    plain.write_bytes(b'loop = "toy"\nseeds = 2\n')
    marked.write_bytes(BOM + plain.read_bytes())
    assert load_spec(marked) == load_spec(plain)


def test_a_spec_that_is_a_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_spec(tmp_path)
    assert str(err.value) == f"{tmp_path}: is a directory, not a spec file"


def test_an_instances_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "inst.txt").write_bytes(b"1 2 3 4\n5 \xff\n")
    spec = tmp_path / "spec.toml"
    spec.write_text('loop = "scratchpad"\n[[tasks]]\nname = "game24"\n'
                    'instances = { file = "inst.txt" }\n')
    line = assert_one_clean_line(run_cli("sweep", str(spec), "--dry-run", "--out",
                                         str(tmp_path / "out")))
    where = f"{tmp_path / 'inst.txt'}:2"
    assert line == f"mesascope: {spec}: {where}: not UTF-8 text (byte 0xff at column 3)"
