"""`DIR/index.csv`: one row per finished run, appended as each run finishes.

Each row is one `write` on an `O_APPEND` file descriptor: once written it is the kernel's, so a
killed driver leaves whole rows and at most a torn last line, which `load_index` drops. Against
power loss a background thread fsyncs the rows as they come (at most one fsync per 50 ms), so the
driver never waits for the disk between runs; `close` waits for the last fsync. A rerun row
replaces an earlier row of the same run (the last one wins); `compact` rewrites the file
through a temp name and a rename, so it is never half-written either.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from scaffold.errors import InputError
from scaffold.transcript.background_sync import BackgroundSync

INDEX_NAME = "index.csv"
RUNS_DIR = "runs"
RESULT_COLUMNS = (
    "status", "verdict", "regime", "u_bar", "u_lo", "u_hi", "p_value", "n_decisions",
    "solved", "tokens", "nfe", "wall_s", "errors", "error", "transcript",
)
"""After `run` and the configuration columns. `status` is ok or failed; `errors` counts the
error events the run recorded, `error` is the exception of a run that raised."""
Row = dict[str, str]
REPORT_COLUMNS = ("status", "verdict", "solved", "p_value", "transcript")
"""What the report looks up by name in every row (a hand-made index may lack them)."""


def header_for(config_columns: Iterable[str]) -> list[str]:
    return ["run", *config_columns, *RESULT_COLUMNS]


def load_index(path: Path) -> tuple[list[str], list[Row]]:
    """The header and the rows (last row per run), without a torn final line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], []
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    lines = list(reader)
    if not lines:
        return [], []
    header = lines[0]
    if not header or header[0] != "run":
        raise InputError(f"{path}: not a sweep index (its first column is not 'run')")
    by_run: dict[str, Row] = {}
    for line in lines[1:]:
        if len(line) == len(header):
            row = dict(zip(header, line, strict=True))
            by_run.pop(row["run"], None)
            by_run[row["run"]] = row
    return header, list(by_run.values())


def _csv_line(values: Iterable[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue().encode("utf-8")


class IndexWriter:
    """Appends rows to an index with a fixed header, one atomic append per row."""

    def __init__(self, path: Path, header: list[str], keep: Iterable[Row] = ()) -> None:
        self.path, self.header = path, header
        compact(path, header, keep)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        self._sync = BackgroundSync(self._fd)

    def append(self, row: Mapping[str, str]) -> None:
        os.write(self._fd, _csv_line(str(row.get(col, "")) for col in self.header))
        self._sync.request()

    def close(self) -> None:
        """Wait for the rows' fsync, then close."""
        if self._fd >= 0:
            try:
                self._sync.close()
            finally:
                os.close(self._fd)
                self._fd = -1


def compact(path: Path, header: list[str], rows: Iterable[Row]) -> None:
    """Rewrite the index with `rows` only, through a temp file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    data = _csv_line(header) + b"".join(
        _csv_line(str(row.get(col, "")) for col in header) for row in rows)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
