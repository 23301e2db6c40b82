"""A bad diffusion model directory is one InputError naming the bad file (exit 2 through the
CLI), whichever file is wrong: weights, UNet config, mesascope.json, scheduler config."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scaffold.errors import InputError
from scaffold.models.diffusers_backend import load_native_model, load_pipeline
from tests.diffusion_tiny import save_tiny_ddpm_pipeline, save_tiny_native_model

MESASCOPE = Path(sys.executable).parent / "mesascope"  # the venv running the tests


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_native_model(tmp_path_factory.mktemp("tiny") / "m")


def _edit_json(name: str, **changes: object) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / name
        obj = json.loads(path.read_text(encoding="utf-8"))
        obj.update(changes)
        path.write_text(json.dumps(obj), encoding="utf-8")

    return edit


def _truncate_weights(root: Path) -> None:
    path = root / "diffusion_pytorch_model.safetensors"
    path.write_bytes(path.read_bytes()[:1000])


def _garbage(name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).write_text("{not json", encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated weights": (_truncate_weights, "m: not a UNet2DModel directory"),
    "unet config not json": (_garbage("config.json"), "m: not a UNet2DModel directory"),
    "weights of another shape": (
        _edit_json("config.json", block_out_channels=[32, 64]), "m: not a UNet2DModel directory"
    ),
    "image_size not a number": (_edit_json("mesascope.json", image_size="big"), "mesascope.json"),
    "guidance a list": (_edit_json("mesascope.json", default_guidance=[2]), "mesascope.json"),
    "num_classes a word": (_edit_json("mesascope.json", num_classes="ten"), "mesascope.json"),
    "unknown scheduler": (_edit_json("mesascope.json", scheduler="pndm"), "mesascope.json"),
    "mesascope.json not json": (_garbage("mesascope.json"), "mesascope.json"),
    "scheduler values": (
        _edit_json("scheduler_config.json", num_train_timesteps="many"), "scheduler_config.json"
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_is_an_input_error_naming_it(good: Path, tmp_path: Path, case: str) -> None:
    root = tmp_path / "m"
    shutil.copytree(good, root)
    damage, named = CASES[case]
    damage(root)
    with pytest.raises(InputError) as info:
        load_native_model(root)
    message = str(info.value)
    assert named in message and str(tmp_path) in message
    assert "\n" not in message and len(message) < 400


def test_the_good_directory_loads(good: Path) -> None:
    assert load_native_model(good).image_size == 8


def test_a_pipeline_with_bad_weights_is_an_input_error(tmp_path: Path) -> None:
    root = save_tiny_ddpm_pipeline(tmp_path / "p")
    weights = next((root / "unet").glob("*.safetensors"))
    weights.write_bytes(b"not safetensors")
    with pytest.raises(InputError, match=r"p: cannot load the diffusers pipeline"):
        load_pipeline(root)


@pytest.mark.skipif(not MESASCOPE.exists(), reason="needs the installed CLI")
def test_cli_model_with_a_bad_field_exits_2_with_one_line(good: Path, tmp_path: Path) -> None:
    root = tmp_path / "m"
    shutil.copytree(good, root)
    _edit_json("mesascope.json", image_size="big")(root)
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [str(MESASCOPE), "run", "--loop", "diffusion", "--headless", "--steps", "2",
         "--model", str(root), "--out", str(out)],
        capture_output=True, text=True, check=False, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(root / "mesascope.json") in lines[0], proc.stderr
    assert not out.exists()
