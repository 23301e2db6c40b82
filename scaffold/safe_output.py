"""Whole-file outputs written safely: all or nothing, never through a symlink, never the input.

Every command that writes a whole file (export, import) goes through `write_output`: the bytes
go to a fresh temporary file in the target's directory (created with O_EXCL, so a symlink
planted at that name is refused rather than followed), then take the target's name in one
rename, which replaces a symlink at the target instead of writing through it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from scaffold.errors import InputError

Writer = Callable[[IO[bytes]], None]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()
"""New outputs get the usual permissions; read once, at import, since umask is per process."""


def check_output(out: Path, *, inputs: Iterable[Path] = (), force: bool = False) -> None:
    """Refuse an output that is an input, a directory, in no directory, or exists (no `force`)."""
    parent = out.parent
    if not parent.exists():
        raise InputError(f"{out}: no such directory {parent}")
    if not parent.is_dir():
        raise InputError(f"{out}: {parent} is not a directory")
    if out.is_dir():
        raise InputError(f"{out}: is a directory; give a file name")
    for source in inputs:
        if _same_file(out, source):
            raise InputError(f"{out}: is the input {source}; choose another output")
    if os.path.lexists(out) and not force:
        link = " (a symlink)" if out.is_symlink() else ""
        raise InputError(f"{out}: already exists{link} (pass --force to overwrite)")


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        if os.path.samefile(a, b):
            return True
    return os.path.realpath(a) == os.path.realpath(b)


def write_output(
    out: str | Path,
    write: Writer,
    *,
    inputs: Iterable[Path] = (),
    force: bool = False,
    durable: bool = True,
) -> None:
    """Check `out` (see `check_output`), call `write` on a temporary file beside it, rename.

    A failure in `write` leaves nothing behind. Without `force`, the final step is a hard link,
    which fails if the name was taken meanwhile. `durable` fsyncs before the rename.
    """
    out = Path(out)
    inputs = [Path(p) for p in inputs]
    check_output(out, inputs=inputs, force=force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as err:
        raise InputError(f"{out}: cannot write here: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), _MODE)
            write(f)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        _commit(Path(tmp), out, force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _commit(tmp: Path, out: Path, force: bool) -> None:
    if force:
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out, follow_symlinks=False)
    except FileExistsError:
        raise InputError(f"{out}: already exists (pass --force to overwrite)") from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(out):
            raise InputError(f"{out}: already exists (pass --force to overwrite)") from None
        os.replace(tmp, out)

