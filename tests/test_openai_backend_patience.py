"""A remote server cannot hold a run longer than the caller allows, and is waited for as long as
it asks (within a cap): real HTTP servers on 127.0.0.1 (finding 9, and finding 3's Infinity)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scaffold.models.openai_backend import OpenAITextModel, retry_after_s
from scaffold.models.text_model import BackendError, ChatMessage, SamplingParams
from scaffold.transcript import (
    Candidate,
    CandidatesEvent,
    HeaderEvent,
    ModelInfo,
    TaskInfo,
    TranscriptWriter,
    read_transcript,
)

CHAT = [ChatMessage("user", "hello")]
Handler = Callable[[BaseHTTPRequestHandler, int], None]


@contextmanager
def server(handle: Handler) -> Iterator[tuple[str, list[float]]]:
    """A loopback server calling `handle(request, n)` for the n-th POST; yields (url, times)."""
    times: list[float] = []

    class Request(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            times.append(time.monotonic())
            with contextlib.suppress(OSError):  # the client gave up
                handle(self, len(times))

        def log_message(self, *_args: object) -> None:
            return None

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Request)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", times
    finally:
        httpd.shutdown()
        httpd.server_close()


def reply(request: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    request.send_response(status)
    for key, value in {"Content-Type": "application/json", **headers}.items():
        request.send_header(key.replace("_", "-"), value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def ok_body(logprob: float = -0.5) -> bytes:
    top = [{"token": "ok", "logprob": logprob}]
    token = {"token": "ok", "logprob": logprob, "top_logprobs": top}
    return json.dumps({"choices": [{"message": {"content": "ok"}, "finish_reason": "stop",
                                    "logprobs": {"content": [token]}}]}).encode()


def test_timeout_and_retries_are_constructor_parameters_with_the_old_defaults() -> None:
    model = OpenAITextModel("http://127.0.0.1:9", "m")
    assert (model.timeout, model.retries) == (120.0, 2)


def test_a_server_that_never_answers_holds_a_call_only_timeout_times_attempts() -> None:
    def hang(request: BaseHTTPRequestHandler, n: int) -> None:
        time.sleep(5)

    with server(hang) as (url, times):
        model = OpenAITextModel(url, "m", timeout=0.3, retries=1, backoff_s=0.01)
        t0 = time.monotonic()
        with pytest.raises(BackendError, match=r"timed out.*after 2 attempts"):
            model.generate(CHAT, SamplingParams())
        assert time.monotonic() - t0 < 2.0
    assert len(times) == 2


def test_a_server_that_trickles_its_reply_is_cut_at_the_deadline() -> None:
    def trickle(request: BaseHTTPRequestHandler, n: int) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(100):
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(0.05)

    with server(trickle) as (url, _times):
        model = OpenAITextModel(url, "m", timeout=0.4, retries=0)
        t0 = time.monotonic()
        with pytest.raises(BackendError, match="timed out"):
            model.generate(CHAT, SamplingParams())
        assert time.monotonic() - t0 < 2.0


def test_retry_after_in_seconds_is_waited_before_the_retry() -> None:
    def busy_once(request: BaseHTTPRequestHandler, n: int) -> None:
        if n == 1:
            reply(request, 503, b"busy", Retry_After="1")
        else:
            reply(request, 200, ok_body())

    with server(busy_once) as (url, times):
        out = OpenAITextModel(url, "m", backoff_s=0.01).generate(CHAT, SamplingParams())
    assert [g.text for g in out] == ["ok"]
    assert times[1] - times[0] >= 0.95


def test_retry_after_as_an_http_date_is_honoured_up_to_the_cap() -> None:
    def busy_once(request: BaseHTTPRequestHandler, n: int) -> None:
        if n == 1:
            later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
            reply(request, 429, b"slow down", Retry_After=later)
        else:
            reply(request, 200, ok_body())

    with server(busy_once) as (url, times):
        model = OpenAITextModel(url, "m", backoff_s=0.01, max_retry_after_s=0.5)
        assert [g.text for g in model.generate(CHAT, SamplingParams())] == ["ok"]
    assert 0.45 <= times[1] - times[0] < 2.0


def test_retry_after_parsing() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert retry_after_s("2", 30) == 2.0
    assert retry_after_s("1e9", 30) == 30.0
    assert retry_after_s("-5", 30) == 0.0
    assert retry_after_s("Thu, 01 Jan 2026 00:00:10 GMT", 30, now) == 10.0
    assert retry_after_s("Wed, 31 Dec 2025 00:00:00 GMT", 30, now) == 0.0
    for junk in (None, "", "soon", "nan", "inf\x1b"):
        assert retry_after_s(junk, 30) == 0.0


def test_an_infinite_logprob_from_the_server_becomes_a_transcript_that_reads(
    tmp_path: Path,
) -> None:
    body = ok_body().replace(b"-0.5", b"Infinity", 1).replace(b"-0.5", b"-Infinity")
    with server(lambda request, n: reply(request, 200, body)) as (url, _times):
        (gen,) = OpenAITextModel(url, "m").generate(CHAT, SamplingParams())
    assert gen.tokens[0].logprob == 0.0 and gen.tokens[0].top[0].logprob == -9999.0
    header = HeaderEvent(tool_version="t", loop="l", scaffold="s", model=ModelInfo(id="m"),
                         task=TaskInfo(name="n"))
    path = tmp_path / "t.jsonl"
    with TranscriptWriter(path, header) as w:
        w.write(CandidatesEvent(step=0, candidates=[Candidate(id="a", text=gen.text,
                                                              tokens=gen.tokens)]))
    _, (event,), _ = read_transcript(path)
    assert event.candidates[0].tokens == gen.tokens  # type: ignore[union-attr]


def test_a_reasoning_servers_thinking_is_kept_apart_from_the_answer(tmp_path: Path) -> None:
    """vLLM and DeepSeek send `reasoning_content`; llama.cpp and Ollama may inline <think>.
    Either way the answer is the candidate's text and the thinking its `reasoning` attr."""
    replies = [
        {"role": "assistant", "reasoning_content": "try 4*6", "content": "4 * 6 = 24"},
        {"role": "assistant", "content": "<think>13-9=4, 10-4=6</think>(13-9)*(10-4) = 24"},
    ]

    def handle(request: BaseHTTPRequestHandler, n: int) -> None:
        body = json.dumps({"choices": [{"message": replies[(n - 1) % 2],
                                        "finish_reason": "stop"}]}).encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    with server(handle) as (url, _):
        model = OpenAITextModel(url, "m", retries=0)
        params = SamplingParams(n=1, max_new_tokens=8, temperature=0.0, seed=1)
        first, second = model.generate(CHAT, params)[0], model.generate(CHAT, params)[0]
        assert (first.text, first.reasoning) == ("4 * 6 = 24", "try 4*6")
        assert (second.text, second.reasoning) == ("(13-9)*(10-4) = 24", "13-9=4, 10-4=6")
        from scaffold.loops.runner import LoopRunner
        from scaffold.run.registry import build_loop

        loop = build_loop("scratchpad", {"scaffold": "best-of-n", "n": 2, "steps": 1,
                                         "backend": "openai", "base_url": url, "model": "m",
                                         "puzzle": "4 9 10 13", "self_eval": "off"})
        runner = LoopRunner(loop, tmp_path / "r.jsonl")
        while runner.step() is not None:
            pass
        runner.close()
    _, events, _ = read_transcript(tmp_path / "r.jsonl")
    cands = [c for e in events if isinstance(e, CandidatesEvent) for c in e.candidates]
    assert cands and all("<think>" not in (c.text or "") for c in cands)
    assert {c.attrs.get("reasoning") for c in cands} <= {"try 4*6", "13-9=4, 10-4=6"}
    assert any(c.attrs.get("reasoning") for c in cands)
