"""Text files read as UTF-8 with one clear error: the line, the byte and its column."""

from __future__ import annotations

from pathlib import Path

from scaffold.errors import InputError


def utf8_text(path: Path, data: bytes) -> str:
    """`data`, read from `path`, as UTF-8 text with or without a leading byte order mark (as
    some editors save it); else an InputError naming the line, the byte and its column."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start : err.start].decode("utf-8")) + 1
        raise InputError(f"{path}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x} "
                         f"at column {column})") from None
