"""Where dequantized GGUF weights and file hashes are cached, so the second start is fast.

Layout under the cache root (`$MESASCOPE_CACHE`, else `$XDG_CACHE_HOME/mesascope`, else
`~/.cache/mesascope`): `hashes.json` maps a file's path, size and mtime to its sha256, and
`<sha256>/` holds the model as safetensors plus its tokenizer, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from pathlib import Path

HASH_INDEX = "hashes.json"
COMPLETE_MARKER = "complete.json"
_lock = threading.Lock()


def cache_root() -> Path:
    """The directory mesascope caches model files in (created on demand)."""
    if env := os.environ.get("MESASCOPE_CACHE"):
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mesascope"


def file_sha256(path: Path) -> str:
    """The sha256 of a file, computed once per (path, size, mtime) and remembered on disk."""
    path = path.resolve()
    stat = path.stat()
    key = str(path)
    stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    index_path = cache_root() / HASH_INDEX
    with _lock:
        index = _read_index(index_path)
        known = index.get(key)
        if isinstance(known, dict) and all(known.get(k) == v for k, v in stamp.items()):
            sha = known.get("sha256")
            if isinstance(sha, str) and len(sha) == 64:
                return sha
        sha = _hash_file(path)
        index[key] = {**stamp, "sha256": sha}
        _write_json_atomic(index_path, index)
        return sha


def files_sha256(paths: list[Path]) -> str:
    """One sha256 for a set of files (a model dir's weights): the hash of their names and hashes."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(f"{path.name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def cached_model_dir(sha: str) -> Path | None:
    """The finished cache dir for a weights hash, or None if it was never completed."""
    folder = cache_root() / sha
    return folder if (folder / COMPLETE_MARKER).is_file() else None


def staging_dir(sha: str) -> Path:
    """A fresh private dir to write a cache entry into before `publish` moves it in place."""
    folder = cache_root() / f".{sha}.{os.getpid()}.{threading.get_ident()}.partial"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def publish(staging: Path, sha: str, source: dict[str, str | int]) -> Path:
    """Mark a staged cache entry complete and move it to `<root>/<sha>`; first writer wins."""
    _write_json_atomic(staging / COMPLETE_MARKER, {"sha256": sha, **source})
    target = cache_root() / sha
    if target.exists() and cached_model_dir(sha) is None:
        shutil.rmtree(target, ignore_errors=True)
    try:
        staging.replace(target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if cached_model_dir(sha) is None:
            raise
    return target


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_index(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json_atomic(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
