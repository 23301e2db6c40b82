"""Re-take the README screenshots (docs/screenshots/*.svg) from the example transcripts.

`python scripts/screenshots.py`: the replay screen at 140x45 on the recorded ToT run (a kept
candidate highlighted) and on the recorded diffusion best-of-n run (its last decision, with the
candidates as a grid).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {
    "replay-text.svg": ("example-tot-game24.jsonl", ["l", "j"]),
    "replay-image.svg": ("example-diffusion-best-of-n.jsonl", ["G", "j"]),
}


async def shoot(transcript: str, keys: list[str], out: Path) -> None:
    app = create_app(ROOT / "transcripts" / transcript, snapshot=True)
    async with app.run_test(size=(140, 45)) as pilot:
        for _ in range(20):  # indexing and the first scoring pass run in workers
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        app.clear_notifications()
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


if __name__ == "__main__":
    for name, (transcript, keys) in SHOTS.items():
        asyncio.run(shoot(transcript, keys, ROOT / "docs" / "screenshots" / name))
        print(ROOT / "docs" / "screenshots" / name)
