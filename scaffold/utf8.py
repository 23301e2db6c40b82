"""Text read as UTF-8 with one clear error everywhere (transcripts, specs, imports): the line,
the byte and its column."""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import InputError

BOM = b"\xef\xbb\xbf"


def not_utf8(data: bytes) -> tuple[int, str] | None:
    """(line, "not UTF-8 text (byte 0x.. at column C)") for the first bad byte, else None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start : err.start].decode("utf-8")) + 1
        return line, f"not UTF-8 text (byte 0x{data[err.start]:02x} at column {column})"
    return None


def utf8_text(path: Path, data: bytes) -> str:
    """`data`, read from `path`, as UTF-8 text with or without a leading byte order mark (as
    some editors save it); else an InputError naming the line, the byte and its column."""
    data = data.removeprefix(BOM)
    problem = not_utf8(data)
    if problem is not None:
        raise InputError(f"{path}:{problem[0]}: {problem[1]}")
    return data.decode("utf-8")
