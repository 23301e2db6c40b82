"""Whole-file outputs written safely: all or nothing, never through a symlink, never the input.

Every command that writes a whole file (export, import, extract, intervene's copy) goes through
`write_output`: the bytes go to a fresh temporary file in the target's directory (created with
O_EXCL, so a symlink planted at that name is refused rather than followed), then take the
target's name in one rename, which replaces a symlink at the target instead of writing through
it. That rename would also replace a device, FIFO or socket (or a symlink to one) with a regular
file, so `check_output` refuses any existing target that is not a regular file, even with
`force`.
"""

from __future__ import annotations

import contextlib
import os
import stat
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
    """Refuse an output with no file name, in no writable directory, a directory, not a
    regular file (even with `force`), an input, or existing (without `force`)."""
    if out.name in ("", ".", ".."):
        raise InputError(f"{str(out)!r}: not a file name (empty, '.' or '..'); give a file path")
    parent = out.parent
    if not parent.exists():
        raise InputError(f"{out}: no such directory {parent}")
    if not parent.is_dir():
        raise InputError(f"{out}: {parent} is not a directory")
    if out.is_dir():
        raise InputError(f"{out}: is a directory; give a file name")
    if not _regular_or_absent(out):
        raise InputError(f"{out}: not a regular file; give a file path")
    for source in inputs:
        if _same_file(out, source):
            raise InputError(f"{out}: is the input {source}; choose another output")
    if os.path.lexists(out) and not force:
        link = " (a symlink)" if out.is_symlink() else ""
        raise InputError(f"{out}: already exists{link} (pass --force to overwrite)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{out}: {parent} is not writable")


def _regular_or_absent(out: Path) -> bool:
    """True if `out` (through a symlink) is a regular file, or nothing (a dangling symlink)."""
    try:
        return stat.S_ISREG(os.stat(out).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return not os.path.lexists(out)


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


def write_data(out: str | Path, data: bytes, *, inputs: Iterable[Path] = (), force: bool = False,
               durable: bool = True) -> None:
    """`write_output` of bytes already made (a rendered report, a derived transcript)."""
    def write(f: IO[bytes]) -> None:
        f.write(data)

    write_output(out, write, inputs=inputs, force=force, durable=durable)


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


def _stage(out_dir: Path, data: bytes) -> Path:
    """`data` in a fresh temporary file in `out_dir` (O_EXCL: a planted symlink is refused)."""
    fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), _MODE)
            f.write(data)
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def write_outputs(out_dir: Path, files: dict[Path, bytes], *, force: bool = False) -> None:
    """Several files in `out_dir` (checked by the caller), every one or none: all are staged
    first, then renamed in; on any failure the new names are removed and every file that
    existed before is put back as it was (an importer writing one transcript per record)."""
    staged: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for target, data in files.items():
            staged[target] = _stage(out_dir, data)
        for target, tmp in staged.items():
            if force and os.path.lexists(target):
                backups[target] = _stage(out_dir, b"")
                os.replace(target, backups[target])
            _commit(tmp, target, force)
            done.append(target)
    except BaseException:
        for target in done:
            if target not in backups:
                target.unlink(missing_ok=True)
        for target, backup in backups.items():
            os.replace(backup, target)
        raise
    else:
        for backup in backups.values():
            backup.unlink()
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
