"""Extraction's state trees are freed by reference counting: extracting texts leaves no
reference cycles for the collector to find (why: docs/benchmarks.md)."""

from __future__ import annotations

import gc

from scaffold.implicit.calibration import PROCESSES, texts
from scaffold.implicit.extract import extract_text, text_task


def test_extracting_texts_leaves_nothing_for_the_cyclic_collector() -> None:
    samples = [s for process in PROCESSES for s in texts(process, 3, 5)]
    tasks = [text_task(s.task, s.instance) for s in samples]
    assert any(t.grounded for t in tasks) and not all(t.grounded for t in tasks)
    for s, task in zip(samples, tasks, strict=True):  # warm every cache first
        extract_text(s.text, task)
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for s, task in zip(samples, tasks, strict=True):
            assert extract_text(s.text, task) is not None
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
