"""The example transcripts in transcripts/ (recorded by scripts/record_examples.py from real
runs) read back whole through the validating reader and give the verdicts the README shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.scoring.scorer import score_transcript
from scaffold.transcript.reader import TranscriptReader
from tests.conftest import REPO

EXAMPLES = sorted((REPO / "transcripts").glob("example-*.jsonl"))


def test_there_are_examples_of_every_loop_family() -> None:
    with_loops = set()
    for path in EXAMPLES:
        with TranscriptReader(path) as reader:
            with_loops.add(reader.header.loop)
    assert {"toy", "scratchpad", "diffusion"} <= with_loops


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_reads_back_whole(path: Path) -> None:
    with TranscriptReader(path) as reader:
        reader.index(validate=True)
        assert not reader.truncated and reader.n_steps > 0
        assert all(reader.step(i).state is not None for i in range(reader.n_steps))


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("example-tot-game24", "search-strong"), ("example-diffusion-best-of-n", "search-strong"),
     ("example-scratchpad-game24", "untestable")],
)
def test_the_readme_examples_score_as_shown(name: str, verdict: str) -> None:
    report = score_transcript(REPO / "transcripts" / f"{name}.jsonl")
    assert report.verdict == verdict
