"""A nan or inf in a sweep spec's settings, grid or models is named as such, with the file
and the key: pydantic's union error said `Input should be a valid string`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_in_process import mesascope_in_process

CASES = {
    "settings": ('[settings]\nsteps = nan\n', "settings.steps"),
    "grid": ('[grid]\nsteps = [2, inf]\n', "grid.steps.1"),
    "models": ('[[models]]\nsteps = -inf\n', "models.0.steps"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_non_finite_number_in_a_spec_is_one_line_naming_file_and_key(
        tmp_path: Path, case: str) -> None:
    table, key = CASES[case]
    spec = tmp_path / "spec.toml"
    spec.write_text(f'loop = "toy"\nseeds = 1\n{table}')
    done = mesascope_in_process("sweep", spec, "--out", tmp_path / "out", "--dry-run")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"mesascope: {spec}: {key}: must be a finite number"), lines[0]
    assert "valid string" not in lines[0]
    assert not (tmp_path / "out").exists()
