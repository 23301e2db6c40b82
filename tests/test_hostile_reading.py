"""Nothing injected: a hostile transcript reaches the terminal only as one inert line with
exit 2, whatever it holds (findings 2, 7, 8, 10)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

from scaffold.transcript import TranscriptError, TranscriptReader
from tests.hostile_inputs import (
    BIDI_ZW,
    OSC52_CLEAR,
    assert_one_clean_line,
    run_cli,
    transcript,
)
from tui.safe_text import inert

READERS = [["info"], ["score"], ["export", "--format", "json"]]
"""Commands that read every line before printing; `replay` checks the header before its UI."""


def _args(cmd: list[str], path: Path) -> list[str]:
    out = ["--out", str(path.with_suffix(".out"))] if cmd[0] == "export" else []
    return [cmd[0], str(path), *cmd[1:], *out]


@pytest.mark.parametrize("cmd", READERS, ids=lambda c: c[0])
@pytest.mark.parametrize("hostile", [OSC52_CLEAR, BIDI_ZW], ids=["osc52", "bidi"])
def test_escape_codes_in_a_bad_event_never_reach_the_terminal(
    tmp_path: Path, cmd: list[str], hostile: str
) -> None:
    bad = transcript(tmp_path / "t.jsonl", {"event": "state", "step": 0, hostile: 1})
    line = assert_one_clean_line(run_cli(*_args(cmd, bad)))
    assert ":2: bad event" in line


@pytest.mark.parametrize("cmd", READERS, ids=lambda c: c[0])
def test_escape_codes_in_an_event_tag_or_file_name_never_reach_the_terminal(
    tmp_path: Path, cmd: list[str]
) -> None:
    bad = transcript(tmp_path / f"x{OSC52_CLEAR}.jsonl", {"event": OSC52_CLEAR, "step": 0})
    line = assert_one_clean_line(run_cli(*_args(cmd, bad)))
    assert "\\x1b]52" in line


@pytest.mark.parametrize("cmd", [*READERS, ["replay"]], ids=lambda c: c[0])
@pytest.mark.parametrize("hostile", [OSC52_CLEAR, BIDI_ZW], ids=["osc52", "bidi"])
def test_escape_codes_in_a_bad_header_key_never_reach_the_terminal(
    tmp_path: Path, cmd: list[str], hostile: str
) -> None:
    head = json.loads(transcript(tmp_path / "h.jsonl").read_text())
    bad = tmp_path / f"t{hostile}.jsonl"
    bad.write_text(json.dumps({**head, hostile: 1}) + "\n")
    line = assert_one_clean_line(run_cli(*_args(cmd, bad)))
    assert ":1: bad header" in line


def test_inert_shows_bidi_overrides_and_zero_width_characters() -> None:
    shown = inert("a\u202eb\u200bc\ufeffd\u2066e\u2069\u2060")
    assert shown == "a\\u202eb\\u200bc\\ufeffd\\u2066e\\u2069\\u2060"
    assert inert("tab\tand\nnewline stay, é and 中 too") == "tab\tand\nnewline stay, é and 中 too"


def _image(data: str, shape: tuple[int, int] = (2, 2)) -> dict[str, object]:
    return {"encoding": "array", "dtype": "uint8", "shape": list(shape), "data": data}




@pytest.mark.parametrize("data", ["!!!!!!!!", "AA==AA==", "AAAAAAA="], ids=["chars", "pad", "len"])
def test_invalid_base64_of_the_right_length_is_refused_when_read(tmp_path: Path, data: str) -> None:
    bad = transcript(tmp_path / "t.jsonl", {"event": "state", "step": 0, "image": _image(data)})
    for cmd in (["info"], ["score"], ["export", "--format", "npz"]):
        assert "image" in assert_one_clean_line(run_cli(*_args(cmd, bad)))


def test_valid_base64_images_still_read(tmp_path: Path) -> None:
    data = base64.b64encode(bytes([1, 2, 3, 4])).decode()
    ok = transcript(tmp_path / "t.jsonl", {"event": "state", "step": 0, "image": _image(data)})
    with TranscriptReader(ok) as reader:
        reader.index(validate=True)
        image = reader.step(0).state.image  # type: ignore[union-attr]
        assert image is not None
        assert image.to_array().tolist() == [[1, 2], [3, 4]]
    assert np.dtype(image.dtype) == np.uint8


def test_a_header_nested_ten_thousand_deep_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    path = tmp_path / "deep.jsonl"
    head = json.loads(transcript(tmp_path / "h.jsonl").read_text())
    path.write_text(json.dumps(head)[:-1] + f', "x": {deep}}}\n')
    for cmd in [*READERS, ["replay"]]:
        line = assert_one_clean_line(run_cli(*_args(cmd, path)))
        assert f"{path}:1: header is nested too deeply" in line


def test_an_event_nested_ten_thousand_deep_is_one_line(tmp_path: Path) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    bad = transcript(tmp_path / "t.jsonl", f'{{"event":"note","step":0,"text":{deep}}}')
    for cmd in (["info"], ["score"], ["export", "--format", "md"]):
        assert ":2:" in assert_one_clean_line(run_cli(*_args(cmd, bad)))


@pytest.mark.parametrize(
    ("raw", "says"),
    [(str(2**70), "step"), ("-1", "step"), (str(2**53), "step"), ("true", "whole number"),
     ("1.0", "whole number"), ('"1"', "whole number"), ("1" + "0" * 5000, "")],
    ids=["2**70", "negative", "2**53", "true", "float", "string", "5000-digits"],
)
def test_step_ids_are_whole_numbers_from_0_below_2_to_the_53(
    tmp_path: Path, raw: str, says: str
) -> None:
    bad = transcript(tmp_path / "t.jsonl", f'{{"event":"note","step":{raw},"text":"x"}}')
    for cmd in (["info"], ["score"], ["export", "--format", "json"]):
        assert says in assert_one_clean_line(run_cli(*_args(cmd, bad)))
    with pytest.raises(TranscriptError):  # the index pass alone refuses it too
        TranscriptReader(bad).index()


def test_the_largest_step_id_reads(tmp_path: Path) -> None:
    ok = transcript(tmp_path / "t.jsonl", {"event": "note", "step": 2**53 - 1, "text": "x"})
    out = run_cli("info", str(ok), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["steps"] == 1
