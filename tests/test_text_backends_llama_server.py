"""The OpenAI backend end to end against a real llama.cpp server on the embedded GGUF.

Needs `llama-cpp-python[server]` (compiled by pip); skipped with a reason when it is absent.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scaffold.models.embedded import embedded_gguf_path
from scaffold.models.load import load_text_model
from scaffold.models.text_model import ChatMessage, SamplingParams
from scaffold.transcript import read_transcript
from tests.conftest import REPO

pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed")
pytestmark = pytest.mark.slow

CHAT = [ChatMessage("user", "Name one prime number.")]
READY_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama_server") / "server.log"
    log = log_path.open("wb")  # a file, not a pipe: llama.cpp logs enough to fill a pipe
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_gguf_path()),
         "--host", "127.0.0.1", "--port", str(port), "--n_threads", "1", "--n_ctx", "2048",
         "--model_alias", "smollm2"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if process.poll() is not None:
                err = log_path.read_text(errors="replace")
                pytest.fail(f"llama.cpp server exited early: {err[-500:]}")
            try:
                if httpx.get(f"{url}/v1/models", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server not ready after {READY_TIMEOUT_S:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_generation_with_logprobs_from_a_real_llama_cpp_server(server_url: str) -> None:
    model = load_text_model("openai", "smollm2", server_url)
    params = SamplingParams(n=2, max_new_tokens=6, temperature=0.8, seed=4, top_logprobs=3)
    out = model.generate(CHAT, params)
    assert len(out) == 2
    for generation in out:
        assert generation.text.strip()
        assert 0 < generation.n_tokens <= 6
        token = generation.tokens[0]
        assert token.logprob <= 0.0
        assert 1 <= len(token.top) <= 3
    assert model.generate(CHAT, params) == out


def test_a_tot_step_runs_through_the_server_and_is_recorded(
    server_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "remote.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "run", "--loop", "scratchpad", "--scaffold", "tot",
         "--task", "game24", "--puzzle", "4 9 10 13", "--seed", "7", "--steps", "1",
         "--headless", "--backend", "openai", "--base-url", server_url, "--model", "smollm2",
         "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    header, events, _ = read_transcript(out)
    assert header.model.backend == "openai"
    kinds = [e.event for e in events]
    assert "candidates" in kinds and "score" in kinds and "error" not in kinds


def test_the_recorder_example_in_the_docs_records_a_real_best_of_n(
    server_url: str, tmp_path: Path
) -> None:
    """docs/loops.md's Recorder example, run as it is against the real server."""
    from tests.docs_examples import doc_example

    script = tmp_path / "bon.py"
    script.write_text(doc_example("recorder"))
    assert len(doc_example("recorder").strip().splitlines()) <= 25
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "BASE_URL": server_url}, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    header, events, truncated = read_transcript(tmp_path / "best-of-4.jsonl")
    assert header.loop == "recorded" and header.scaffold == "best-of-n" and not truncated
    cands = [e for e in events if e.event == "candidates"]
    assert len(cands) == 1 and len(cands[0].candidates) == 4
    assert all(c.text for c in cands[0].candidates), "the server's answers are recorded"
    scores = {e.candidate: e.value for e in events if e.event == "score"}
    chosen = next(e for e in events if e.event == "select").chosen
    assert scores[chosen[0]] == max(scores.values()), "the choice is the checker's best"
    states = [e for e in events if e.event == "state"]
    assert [s.parent for s in states] == [None, 0] and states[-1].final
    scored = subprocess.run([sys.executable, "-m", "tui", "score", "--json",
                             str(tmp_path / "best-of-4.jsonl")], capture_output=True, text=True,
                            cwd=REPO)
    assert scored.returncode == 0 and '"n_steps": 2' in scored.stdout, scored.stderr
