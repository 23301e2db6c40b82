"""Reader on a large transcript: index time, time to show step 1 and a random step, peak RSS.

Targets (issue 2): a 1 GB transcript shows step 1 in < 1 s once indexed, using < 300 MB RSS.
The file is generated in a child process so its memory does not count against the reader.
Usage: python benchmarks/transcript_reader.py [--gb 1.0] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATE = r"""
import sys, numpy as np
from scaffold.transcript import *
path, target = sys.argv[1], int(float(sys.argv[2]) * 2**30)
img = ImageData.from_array(np.random.default_rng(0).uniform(-1, 1, (32, 32)).astype("float32"))
header = HeaderEvent(tool_version="bench", loop="bench", scaffold="bench",
                     model=ModelInfo(id="none"), task=TaskInfo(name="bench"))
w = TranscriptWriter(path, header)
step = 0
while w._file.tell() < target:
    w._write_line(StateEvent(step=step, parent=step - 1 if step else None, image=img,
                             text=f"plan {step}").model_dump_json())
    cands = [Candidate(id=f"{step}.{i}", text=f"candidate {i} of step {step}") for i in range(4)]
    w._write_line(CandidatesEvent(step=step, candidates=cands).model_dump_json())
    for i, c in enumerate(cands):
        w._write_line(ScoreEvent(step=step, candidate=c.id, value=i / 4, scorer="v",
                                 kind="internal").model_dump_json())
    w._write_line(SelectEvent(step=step, chosen=[cands[3].id], rule="argmax").model_dump_json())
    step += 1
w.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", GENERATE, str(path), str(args.gb)], check=True)
        gen_s = time.perf_counter() - t0

        from scaffold.transcript import TranscriptReader

        t0 = time.perf_counter()
        reader = TranscriptReader(path)
        reader.index()
        index_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        first = reader.step(0)
        first_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        mid = reader.step(reader.n_steps // 2)
        mid_s = time.perf_counter() - t0
        assert first.state is not None and mid.select is not None
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = {
            "bench": "transcript_reader",
            "file_gb": round(path.stat().st_size / 2**30, 3),
            "events": reader.n_events,
            "steps": reader.n_steps,
            "generate_s": round(gen_s, 2),
            "index_s": round(index_s, 2),
            "index_mb_s": round(path.stat().st_size / 2**20 / index_s, 1),
            "first_step_s": round(first_s, 4),
            "middle_step_s": round(mid_s, 4),
            "peak_rss_mb": round(rss_mb, 1),
            "targets_met": first_s < 1.0 and rss_mb < 300,
        }
        reader.close()
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
