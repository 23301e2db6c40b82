"""What a sweep command will do: the expanded runs, which of them are already finished, and
the index header. Built before Ray starts, so bad specs cost nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import InputError
from scaffold.sweep.expand import AXIS_COLUMNS, Job, expand, grid_columns
from scaffold.sweep.index import INDEX_NAME, Row, header_for, load_index
from scaffold.sweep.spec import SweepSpec, load_spec


@dataclass(frozen=True)
class SweepPlan:
    spec: SweepSpec
    out: Path
    header: list[str]
    jobs: list[Job]
    """Every run of the spec, in order."""
    todo: list[Job]
    """The runs to run now: not finished, or finished with a truncated transcript."""
    keep: list[Row]
    """Rows that stay in the index: finished runs, and rows of runs outside this spec."""

    @property
    def index_path(self) -> Path:
        return self.out / INDEX_NAME


def plan_sweep(spec_path: Path, out: Path, *, retry_failed: bool = False) -> SweepPlan:
    spec = load_spec(spec_path)
    try:
        jobs = expand(spec, spec_path.parent)
    except InputError as err:
        raise InputError(f"{spec_path}: {err}") from None
    header = header_for([*AXIS_COLUMNS, *grid_columns(spec)])
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: not a directory")
    old_header, rows = load_index(out / INDEX_NAME)
    if old_header and old_header != header:
        raise InputError(f"--out {out}: its index.csv has other columns (another spec's "
                         "sweep); choose another --out")
    by_run = {row["run"]: row for row in rows}
    todo = [job for job in jobs if not _finished(out, by_run.get(job.run_id), retry_failed)]
    redo = {job.run_id for job in todo}
    keep = [row for row in rows if row["run"] not in redo]
    return SweepPlan(spec, out, header, jobs, todo, keep)


def _finished(out: Path, row: Row | None, retry_failed: bool) -> bool:
    """A row, and (when it names one) a whole transcript: renamed, ending in a newline."""
    if row is None or (retry_failed and row.get("status") == "failed"):
        return False
    name = row.get("transcript")
    return not name or _ends_with_newline(out / name)


def _ends_with_newline(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            if fh.tell() == 0:
                return False
            fh.seek(-1, 2)
            return fh.read(1) == b"\n"
    except OSError:
        return False
