"""`TranscriptReader.read_appended` / `apply_appended`: following a transcript that another
process is still writing (the replay app's `tail -f`). Complete lines only; a file that is not
an extension of what was indexed raises `FileChanged`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scaffold.transcript import NoteEvent, TranscriptReader
from scaffold.transcript.reader import FileChanged
from tests.follow_transcripts import line, step_events, write_steps


def test_read_appended_takes_complete_lines_only(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(1), new=True)
    with TranscriptReader(path) as reader:
        reader.index()
        assert reader.read_appended() is None, "nothing written since"
        events = step_events(1)
        with open(path, "ab") as fh:
            fh.write(line(events[0]) + line(events[1])[:7])
        got = reader.read_appended()
        assert got is not None and got.pending and [r[1] for r in got.rows] == [1]
        assert reader.n_steps == 1, "nothing changes before apply"
        assert reader.apply_appended(got) == {1}
        assert reader.n_steps == 2 and reader.truncated
        assert reader.read_appended() is None, "the same cut line: no change"
        with open(path, "ab") as fh:
            fh.write(line(events[1])[7:] + b"".join(line(ev) for ev in events[2:]))
        got = reader.read_appended()
        assert got is not None and not got.pending and got.error is None
        assert reader.apply_appended(got) == {1}
        assert not reader.truncated
        with TranscriptReader(path) as fresh:
            fresh.index()
            assert fresh.step_by_id(1) == reader.step_by_id(1)
            assert fresh.kind_counts == reader.kind_counts
        with pytest.raises(ValueError, match="stale"):
            reader.apply_appended(got)


def test_read_appended_after_a_last_line_without_newline(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(1), new=True)
    data = path.read_bytes()
    path.write_bytes(data[:-1])  # a complete last event without its newline
    with TranscriptReader(path) as reader:
        reader.index()
        assert reader.n_steps == 1 and not reader.truncated
        with open(path, "ab") as fh:
            fh.write(b"\n" + b"".join(line(ev) for ev in step_events(1)))
        got = reader.read_appended()
        assert got is not None and got.error is None
        reader.apply_appended(got)
        assert reader.n_steps == 2 and reader.step_by_id(1).select is not None


def test_read_appended_stops_at_a_line_that_does_not_read(tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(1), new=True)
    with TranscriptReader(path) as reader:
        reader.index()
        with open(path, "ab") as fh:
            fh.write(line(step_events(1)[0]) + b"not json\n")
        got = reader.read_appended()
        assert got is not None and got.error and "not valid JSON" in got.error
        assert [r[1] for r in got.rows] == [1]


@pytest.mark.parametrize("change", ["shrink", "replace", "delete", "rewrite"])
def test_read_appended_refuses_a_file_that_is_not_an_extension(
        tmp_path: Path, change: str) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(2), new=True)
    with TranscriptReader(path) as reader:
        reader.index()
        if change == "shrink":
            os.truncate(path, path.stat().st_size - 5)
        elif change == "replace":
            os.replace(write_steps(tmp_path / "b.jsonl", range(3), new=True), path)
        elif change == "delete":
            path.unlink()
        else:
            data = path.read_bytes()
            with open(path, "r+b") as fh:  # same inode, another run's header
                fh.write(data.replace(b'"seed":0', b'"seed":7', 1) + b"\n")
        with pytest.raises(FileChanged):
            reader.read_appended()


def test_appended_lines_of_an_earlier_step_read_as_a_fresh_index_reads_them(
        tmp_path: Path) -> None:
    path = write_steps(tmp_path / "run.jsonl", range(3), new=True)
    with TranscriptReader(path) as reader:
        reader.index()
        late = [NoteEvent(step=0, text="a late note on step 0"), *step_events(3),
                NoteEvent(step=1, text="and one on step 1")]
        with open(path, "ab") as fh:
            fh.write(b"".join(line(ev) for ev in late))
        got = reader.read_appended()
        assert got is not None
        assert reader.apply_appended(got) == {0, 1, 3}
        with TranscriptReader(path) as fresh:
            fresh.index()
            assert reader.tree.order == fresh.tree.order == [0, 1, 2, 3]
            for step_id in fresh.tree.order:
                assert reader.step_by_id(step_id) == fresh.step_by_id(step_id)
        assert [n.text for n in reader.step_by_id(0).notes] == ["a late note on step 0"]
