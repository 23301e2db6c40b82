"""The OpenAI-compatible backend against small real HTTP servers on loopback.

Each server here is a real `http.server` speaking HTTP; what they return (500s, slow replies,
one choice when n were asked, bad JSON) is what misbehaving real servers do.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.errors import InputError
from scaffold.models.load import load_text_model
from scaffold.models.openai_backend import (
    OpenAITextModel,
    derived_seed,
    normalise_base_url,
    parse_chat_completion,
)
from scaffold.models.text_model import BackendError, ChatMessage, SamplingParams

CHAT = [ChatMessage("user", "hello")]
Reply = Callable[[dict[str, Any]], tuple[int, bytes, float]]


@contextmanager
def http_server(reply: Reply) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A loopback HTTP server answering POSTs with `reply(body) -> (status, payload, delay_s)`."""
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, **body})
            status, payload, delay = reply(body)
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, *_args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def completion(texts: list[str], *, logprobs: bool = True) -> bytes:
    choices = []
    for i, text in enumerate(texts):
        choice: dict[str, Any] = {
            "index": i,
            "message": {"role": "assistant", "content": text},
            "finish_reason": "length",
        }
        if logprobs:
            choice["logprobs"] = {
                "content": [
                    {
                        "token": text,
                        "logprob": -0.5,
                        "top_logprobs": [
                            {"token": text, "logprob": -0.5},
                            {"token": "x", "logprob": -1.5},
                        ],
                    }
                ]
            }
        choices.append(choice)
    return json.dumps({"choices": choices, "usage": {"prompt_tokens": 7}}).encode()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refused_connection_is_one_line_backend_error_after_bounded_retries() -> None:
    model = OpenAITextModel(f"http://127.0.0.1:{closed_port()}", "m", retries=2, backoff_s=0.01)
    t0 = time.perf_counter()
    with pytest.raises(BackendError) as err:
        model.generate(CHAT, SamplingParams())
    assert time.perf_counter() - t0 < 5
    message = str(err.value)
    assert "\n" not in message
    assert "connection failed" in message and "after 3 attempts" in message


def test_http_500_is_retried_then_reported_as_backend_error() -> None:
    with http_server(lambda body: (500, b'{"error": "model crashed"}', 0.0)) as (url, seen):
        model = OpenAITextModel(url, "m", retries=2, backoff_s=0.01)
        with pytest.raises(BackendError) as err:
            model.generate(CHAT, SamplingParams())
    assert len(seen) == 3
    assert "HTTP 500" in str(err.value) and "model crashed" in str(err.value)
    assert "\n" not in str(err.value)


def test_a_transient_503_is_retried_and_the_call_succeeds() -> None:
    calls = {"n": 0}

    def reply(body: dict[str, Any]) -> tuple[int, bytes, float]:
        calls["n"] += 1
        return (503, b"busy", 0.0) if calls["n"] == 1 else (200, completion(["ok"]), 0.0)

    with http_server(reply) as (url, _seen):
        out = OpenAITextModel(url, "m", retries=2, backoff_s=0.01).generate(CHAT, SamplingParams())
    assert [g.text for g in out] == ["ok"]


def test_slow_server_times_out_as_backend_error() -> None:
    with http_server(lambda body: (200, completion(["late"]), 1.5)) as (url, seen):
        model = OpenAITextModel(url, "m", timeout=0.3, retries=1, backoff_s=0.01)
        with pytest.raises(BackendError, match="timed out"):
            model.generate(CHAT, SamplingParams())
    assert len(seen) == 2


def test_client_error_is_not_retried() -> None:
    not_found = (404, b'{"error": "no such model"}', 0.0)
    with (
        http_server(lambda body: not_found) as (url, seen),
        pytest.raises(BackendError, match="HTTP 404"),
    ):
        OpenAITextModel(url, "m", backoff_s=0.01).generate(CHAT, SamplingParams())
    assert len(seen) == 1


def test_non_json_body_is_backend_error() -> None:
    with (
        http_server(lambda body: (200, b"<html>proxy</html>", 0.0)) as (url, _seen),
        pytest.raises(BackendError, match="not JSON"),
    ):
        OpenAITextModel(url, "m").generate(CHAT, SamplingParams())


def test_request_carries_params_and_logprobs_are_parsed() -> None:
    with http_server(lambda body: (200, completion(["a", "b"]), 0.0)) as (url, seen):
        model = OpenAITextModel(url, "tiny")
        params = SamplingParams(n=2, max_new_tokens=9, temperature=0.3, seed=5, stop=("\n",))
        out = model.generate(CHAT, params)
    body = seen[0]
    assert body["path"] == "/v1/chat/completions"
    assert (body["model"], body["n"], body["max_tokens"], body["seed"]) == ("tiny", 2, 9, 5)
    assert body["stop"] == ["\n"] and body["logprobs"] is True and body["top_logprobs"] == 5
    assert [g.text for g in out] == ["a", "b"]
    assert out[0].tokens[0].logprob == -0.5
    assert [t.token for t in out[0].tokens[0].top] == ["a", "x"]
    assert out[0].prompt_tokens == 7 and out[0].finish_reason == "length"


def test_a_final_assistant_prefill_ends_the_user_turn_in_the_request() -> None:
    chat = [*CHAT, ChatMessage("assistant", "ok"), ChatMessage("user", "list:"),
            ChatMessage("assistant", "1.")]
    with http_server(lambda body: (200, completion(["a"]), 0.0)) as (url, seen):
        OpenAITextModel(url, "tiny").generate(chat, SamplingParams())
    assert seen[0]["messages"] == [
        {"role": "user", "content": "hello"}, {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "list:\n1."},
    ]


def test_server_that_ignores_n_gets_one_request_per_candidate_with_derived_seeds() -> None:
    def reply(body: dict[str, Any]) -> tuple[int, bytes, float]:
        return 200, completion([f"seed{body['seed']}"]), 0.0  # like llama.cpp: always 1 choice

    with http_server(reply) as (url, seen):
        model = OpenAITextModel(url, "m")
        params = SamplingParams(n=3, seed=11)
        first = model.generate(CHAT, params)
        second = model.generate(CHAT, params)
    expected = ["seed11", f"seed{derived_seed(11, 1)}", f"seed{derived_seed(11, 2)}"]
    assert [g.text for g in first] == expected
    assert [g.text for g in second] == expected
    assert len({derived_seed(11, i) for i in range(1, 50)}) == 49
    assert [b["n"] for b in seen] == [3, 1, 1, 1, 1, 1]


def test_server_rejecting_logprobs_is_used_without_them() -> None:
    def reply(body: dict[str, Any]) -> tuple[int, bytes, float]:
        if "logprobs" in body:
            return 400, b'{"error": "logprobs is not supported"}', 0.0
        return 200, completion(["plain"], logprobs=False), 0.0

    with http_server(reply) as (url, seen):
        model = OpenAITextModel(url, "m")
        out = model.generate(CHAT, SamplingParams())
        model.generate(CHAT, SamplingParams())
    assert out[0].text == "plain" and out[0].tokens == []
    assert ["logprobs" in b for b in seen] == [True, False, False]


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
        ("https://host/openai/v1", "https://host/openai/v1"),
    ],
)
def test_base_url_gets_v1_only_when_it_has_no_path(given_url: str, expected: str) -> None:
    assert normalise_base_url(given_url) == expected


@pytest.mark.parametrize("bad", ["127.0.0.1:8080", "ftp://host", "http://", ""])
def test_bad_base_url_is_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="--base-url"):
        load_text_model("openai", "m", bad)


def test_openai_backend_needs_url_and_model() -> None:
    with pytest.raises(InputError, match="--base-url"):
        load_text_model("openai", "m", None)
    with pytest.raises(InputError, match="--model"):
        load_text_model("openai", None, "http://127.0.0.1:1")


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(["choices", "message", "content", "logprobs", "token", "logprob",
                         "top_logprobs", "usage", "prompt_tokens", "finish_reason"]),
        inner,
        max_size=4,
    ),
    max_leaves=20,
)


@given(JSON)
def test_any_json_response_parses_or_is_a_backend_error(data: object) -> None:
    try:
        out = parse_chat_completion(data)
    except BackendError as err:
        assert "\n" not in str(err)
        return
    for generation in out:
        assert isinstance(generation.text, str)
        assert all(t.logprob == t.logprob and t.logprob > float("-inf") for t in generation.tokens)
