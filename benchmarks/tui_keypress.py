"""Keypress-to-repaint in replay on a 10,000-step transcript (target: p95 < 50 ms).

Records a real ToyLoop run (random-walk, so it never stops early) into a temp dir, opens it
with the same `create_app` the CLI uses, headless at 140×45, and times each press of `l` from
the key event entering the app (as the terminal driver sends it) to the next screen update,
whose terminal bytes are rendered as a real terminal would get them. Pilot's `press` is not
used for timing: its idle polling alone costs ~50 ms. `frames_per_press` counts screen updates
per press (1.0 when the first repaint is the final one; a widget that repaints again later would
show up here, not in the latency). Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from machine import describe
from textual import events

from scaffold.loops.base import StepIds
from scaffold.loops.toy import ToyLoop
from scaffold.transcript.events import dump_event
from tui.app import create_app

STEPS = 10_000
PRESSES = 300
SIZE = (140, 45)


def record(path: Path) -> None:
    """The loop's own events, written without the runner's per-step fsync (speed only)."""
    loop = ToyLoop(scaffold="random-walk", seed=0, n=6, steps=STEPS)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(dump_event(loop.header) + "\n")
        for events in loop.start(StepIds()):
            fh.writelines(dump_event(ev) + "\n" for ev in events)


async def measure(path: Path, settled: bool) -> dict[str, Any]:
    """Latencies of `l`; `settled` waits for the background scoring pass to finish first."""
    app = create_app(path)
    painted = asyncio.Event()
    original = app._display
    frames = [0]

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)  # the bytes a terminal would receive
            frames[0] += 1
            painted.set()
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    t_open = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        while not app.shown:
            await asyncio.sleep(0.001)
        first_step_s = time.perf_counter() - t_open
        while app.index_fraction is not None:
            await asyncio.sleep(0.01)
        indexed_s = time.perf_counter() - t_open
        n_steps = app.n_steps
        if settled:
            await app.workers.wait_for_complete()
        scoring_done = app.card_complete
        app.go(n_steps // 2)
        await pilot.pause(0.2)
        latencies = []
        frames[0] = 0
        driver = app._driver
        assert driver is not None
        for _ in range(PRESSES):
            await pilot.pause(0.02)  # a human pace: the previous frame is out
            painted.clear()
            key = events.Key("l", "l")
            key.set_sender(app)
            t0 = time.perf_counter()
            driver.send_message(key)  # what the terminal driver does on a keystroke
            await asyncio.wait_for(painted.wait(), timeout=5)
            latencies.append((time.perf_counter() - t0) * 1000)
        await pilot.pause(0.1)
        position = app.position
    latencies.sort()
    return {
        "steps": n_steps,
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 2),
        "max_ms": round(latencies[-1], 2),
        "first_step_s": round(first_step_s, 3),
        "indexed_s": round(indexed_s, 3),
        "moved": position - n_steps // 2,
        "frames_per_press": round(frames[0] / PRESSES, 2),
        "scoring_done_before_presses": scoring_done,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "toy-10k.jsonl"
        t0 = time.perf_counter()
        record(path)
        record_s = time.perf_counter() - t0
        busy = asyncio.run(measure(path, settled=False))
        idle = asyncio.run(measure(path, settled=True))
        result = {
            "benchmark": "tui_keypress",
            "steps": idle["steps"],
            "presses": PRESSES,
            "p50_ms": idle["p50_ms"],
            "p95_ms": idle["p95_ms"],
            "max_ms": idle["max_ms"],
            "p50_while_scoring_ms": busy["p50_ms"],
            "p95_while_scoring_ms": busy["p95_ms"],
            "max_while_scoring_ms": busy["max_ms"],
            "frames_per_press": idle["frames_per_press"],
            "first_step_s": busy["first_step_s"],
            "indexed_s": busy["indexed_s"],
            "target_p95_ms": 50,
            "record_s": round(record_s, 1),
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "machine": describe(),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
