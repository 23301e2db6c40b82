"""`mesascope export` gives the same content in JSON, NumPy and Markdown form."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from scaffold.transcript import (
    HeaderEvent,
    ImageData,
    ModelInfo,
    StateEvent,
    TaskInfo,
    TranscriptWriter,
    read_transcript,
)
from tests.conftest import REPO


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True)


def image_transcript(path: Path) -> list[np.ndarray]:
    header = HeaderEvent(
        tool_version="t", loop="diffusion", scaffold="denoise",
        model=ModelInfo(id="m"), task=TaskInfo(name="digits"),
    )
    rng = np.random.default_rng(0)
    frames = [rng.uniform(-1, 1, (8, 8)).astype(np.float32) for _ in range(5)]
    with TranscriptWriter(path, header) as w:
        for i, frame in enumerate(frames):
            attrs: dict = {"target_class": 3} if i == 4 else {}
            if i >= 2:  # the last three steps carry x̂0, t, sample and a posterior
                attrs |= {"t": 900.0 - 100 * i, "sample": 0, "posterior": [0.25, 0.75]}
            preview = ImageData.from_array(-frame) if i >= 2 else None
            w.write(StateEvent(step=i, parent=i - 1 if i else None, preview=preview,
                               image=ImageData.from_array(frame), final=i == 4, attrs=attrs))
    return frames


def test_npz_holds_every_image_with_step_ids_finals_and_targets(tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    frames = image_transcript(src)
    out = run_cli("export", str(src), "--format", "npz", "--out", str(tmp_path / "d.npz"))
    assert out.returncode == 0, out.stderr
    data = np.load(tmp_path / "d.npz", allow_pickle=False)
    np.testing.assert_array_equal(data["images"], np.stack(frames))
    assert data["step_ids"].tolist() == [0, 1, 2, 3, 4]
    assert data["is_final"].tolist() == [False] * 4 + [True]
    assert data["target_class"].tolist() == [-1] * 4 + [3]
    assert data["parents"].tolist() == [-1, 0, 1, 2, 3]
    assert data["sample"].tolist() == [-1, -1, 0, 0, 0]
    np.testing.assert_array_equal(data["t"], [np.nan, np.nan, 700.0, 600.0, 500.0])
    assert np.isnan(data["x0_hat"][:2]).all(), "no preview: NaN"
    np.testing.assert_array_equal(data["x0_hat"][2:], -np.stack(frames[2:]))
    assert np.isnan(data["posterior"][:2]).all()
    np.testing.assert_array_equal(data["posterior"][2:], [[0.25, 0.75]] * 3)


def test_json_export_equals_the_validated_events(tmp_path: Path) -> None:
    src = REPO / "transcripts" / "example-hill-climb.jsonl"
    header, events, _ = read_transcript(src)
    out_path = tmp_path / "export.json"
    out = run_cli("export", str(src), "--format", "json", "--out", str(out_path))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out_path.read_text())
    assert doc["header"]["seed"] == header.seed
    assert [e["event"] for e in doc["events"]] == [e.event for e in events]
    assert doc["truncated"] is False


def test_markdown_marks_the_kept_candidate_and_neutralises_table_breakers(tmp_path: Path) -> None:
    src = REPO / "transcripts" / "example-hill-climb.jsonl"
    out = run_cli("export", str(src), "--format", "md", "--out", str(tmp_path / "x.md"))
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "x.md").read_text()
    assert text.startswith("# Transcript: toy / hill-climb")
    assert text.count("✓") >= 50
    assert "Selection rule: argmax match" in text


def test_npz_of_a_text_transcript_is_a_one_line_error() -> None:
    src = REPO / "transcripts" / "example-hill-climb.jsonl"
    out = run_cli("export", str(src), "--format", "npz", "--out", "/tmp/never.npz")
    assert out.returncode == 2
    assert "no step has an image" in out.stderr and len(out.stderr.splitlines()) == 1
