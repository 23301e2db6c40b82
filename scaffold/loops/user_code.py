"""Exceptions a user's loop raises in its own code, said as one line that blames its file.

A loop written outside mesascope (`--loop FILE.py:CLASS`, an entry point, any class whose
code is not in the `scaffold` package) can raise anything while it builds its events: a
pydantic `ValidationError` for an event missing a field, a `ZeroDivisionError` in `propose`.
That is the loop's bug, not mesascope's: `LoopCodeError` names the loop's file, the line and
function of its innermost frame in the traceback, and the exception (exit 2). An exception
whose traceback has no frame in the loop's files stays what it was (an internal error).
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from pydantic import ValidationError

from scaffold.errors import InputError

PACKAGE_DIR = os.path.normcase(str(Path(__file__).resolve().parents[1]))
"""The `scaffold` package: code here is mesascope's, not a user's."""


class LoopCodeError(InputError):
    """A user's loop raised in its own code (the file and line are in the message)."""


@contextmanager
def loop_code(cls: type) -> Iterator[None]:
    """Run the block; an exception raised through the code of `cls` (or a class it derives
    from outside mesascope) becomes a LoopCodeError, chained to it for --debug."""
    try:
        yield
    except (InputError, StopIteration):
        raise
    except Exception as err:
        blamed = blame(cls, err)
        if blamed is None:
            raise
        raise blamed from err


def blame(cls: type, err: BaseException) -> LoopCodeError | None:
    """LoopCodeError for `err` at its innermost frame in the user files of `cls`; None when
    `cls` is mesascope's or no frame of the traceback is in its files."""
    files = user_files(cls)
    if not files:
        return None
    where = None
    tb: TracebackType | None = err.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if _norm(code.co_filename) in files:
            where = f"{code.co_filename}, line {tb.tb_lineno}, in {code.co_qualname}"
        tb = tb.tb_next
    if where is None:
        return None
    return LoopCodeError(f"{where}: the loop raised {describe(err)}")


def user_files(cls: type) -> set[str]:
    """The source files of `cls` and its bases that are neither mesascope's nor Python's."""
    files = set()
    for base in cls.__mro__:
        if base.__module__.partition(".")[0] in sys.stdlib_module_names:
            continue
        try:
            path = _norm(inspect.getfile(base))
        except (TypeError, OSError):  # built-in classes have no file
            continue
        if not path.startswith(PACKAGE_DIR + os.sep):
            files.add(path)
    return files


def describe(err: BaseException) -> str:
    """`Type: message`; a pydantic ValidationError as its model, first field and why (its own
    text spans lines and links the docs)."""
    if isinstance(err, ValidationError) and err.errors():
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        return f"ValidationError: {err.title}: {field + ': ' if field else ''}{first['msg']}{more}"
    return f"{type(err).__name__}: {err}"


def _norm(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
