"""End to end against a real llama.cpp OpenAI-compatible server on 127.0.0.1 (same GGUF)."""

from __future__ import annotations

import json
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_gguf_path()),
           "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
           "--n_ctx", "2048", "--n_threads", "1", "--logits_all", "true"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {log.read_text()[-1500:]}")
            try:
                if httpx.get(f"{url}/v1/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama.cpp server did not become ready in 120 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_openai_backend_gets_n_candidates_with_logprobs_from_llama_cpp(server: str) -> None:
    model = load_text_model("openai", "smollm2", server)
    params = SamplingParams(n=2, max_new_tokens=8, temperature=0.8, seed=3, top_logprobs=3)
    gens = model.generate([ChatMessage("user", "Name a number between 1 and 9.")], params)
    assert len(gens) == 2  # the server ignores n > 1, so the backend asked twice
    for gen in gens:
        assert gen.text.strip()
        assert gen.tokens, "llama.cpp offers logprobs; the backend must keep them"
        for tok in gen.tokens:
            assert tok.logprob <= 0.0
            assert len(tok.top) >= 1


def test_a_tot_step_runs_through_the_server_and_is_recorded(server: str, tmp_path: Path) -> None:
    out = tmp_path / "remote.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "run", "--loop", "scratchpad", "--scaffold", "tot",
         "--task", "game24", "--puzzle", "4 9 10 13", "--seed", "7", "--steps", "1",
         "--headless", "--backend", "openai", "--base-url", server, "--model", "smollm2",
         "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    header, events, _ = read_transcript(out)
    assert header.model.backend == "openai"
    kinds = [e.event for e in events]
    assert "candidates" in kinds and "score" in kinds and "error" not in kinds
    assert json.loads(header.model_dump_json())["model"]["id"]
