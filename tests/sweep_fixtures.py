"""A small real sweep made in-process (no Ray): the same jobs, run one after another, so
report and browser tests get real transcripts and a real index in seconds."""

from __future__ import annotations

from pathlib import Path

from scaffold.sweep.build import CachedBuilder
from scaffold.sweep.index import IndexWriter
from scaffold.sweep.job import run_job
from scaffold.sweep.plan import plan_sweep
from tests.conftest import REPO

LOOP = f"{REPO / 'tests/sweep_loops.py'}:FlakyToy"
SPEC = f"""loop = "{LOOP}"
scaffolds = ["hill-climb", "random-walk"]
seeds = 3
[settings]
steps = 15
fail_seed = 2
[grid]
n = [3, 5]
"""


def make_sweep(base: Path, spec_text: str = SPEC) -> Path:
    """Run every job of the spec in this process into `base/out`; returns that directory."""
    spec = base / "spec.toml"
    spec.write_text(spec_text)
    out = base / "out"
    out.mkdir(parents=True, exist_ok=True)
    plan = plan_sweep(spec, out)
    index = IndexWriter(plan.index_path, plan.header)
    builder = CachedBuilder()
    try:
        for job in plan.todo:
            index.append(run_job(job, out, builder))
    finally:
        index.close()
    return out
