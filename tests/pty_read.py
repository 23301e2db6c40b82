"""Read what a subprocess wrote to a pseudo-terminal, until its end closes."""

from __future__ import annotations

import os


def read_until_closed(main: int) -> bytes:
    """Everything on the pty's `main` side until the other side closes; closes `main`."""
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return out
