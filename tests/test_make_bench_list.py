"""`make bench` runs every benchmark script and nothing else: it ran every file in benchmarks/,
so it stopped with a traceback at llama_cpp_batched.py, a worker process that needs the
arguments llm_candidates.py gives it (found running `make bench` from a fresh checkout)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = {"llama_cpp_batched"}
"""Scripts with a main that another benchmark starts, with its own arguments."""


def test_make_bench_lists_exactly_the_benchmark_scripts() -> None:
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r"^BENCHES :=((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert found is not None
    listed = set(found.group(1).replace("\\\n", " ").split())
    scripts = {p.stem for p in (ROOT / "benchmarks").glob("*.py")
               if '__name__ == "__main__"' in p.read_text()}
    assert listed == scripts - WORKERS
