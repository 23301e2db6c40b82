"""A chat model behind any OpenAI-compatible server (llama.cpp server, vLLM, Ollama).

Transport failures (refused, timeout, 5xx, bad JSON) become one-line BackendErrors after a
bounded number of retries with backoff, or after the wait a server asks for in `Retry-After`
(capped). Each attempt has a deadline of `timeout` seconds for the whole reply, so a server that
trickles bytes cannot hold a run, and a reply over `MAX_REPLY_BYTES` is refused. Logprobs are
requested and used when the server offers them. Servers that ignore `n` (llama.cpp) get one
request per missing candidate, each with a seed derived from `params.seed`, so a call stays
reproducible.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from scaffold.errors import InputError
from scaffold.implicit.reasoning import split_reasoning
from scaffold.models.text_model import (
    BackendError,
    ChatMessage,
    Generation,
    SamplingParams,
    prefill_in_user_turn,
)
from scaffold.transcript.events import ModelInfo, TokenAlternative, TokenChoice

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
LOGPROB_FLOOR = -9999.0
MAX_REPLY_BYTES = 64 * 1024 * 1024
MAX_TOKENS = 8192
"""Token entries kept per choice; a server that sends more is cut (the text is kept)."""
MAX_TOP = 20
"""Alternatives kept per token (the OpenAI API's own maximum)."""


@dataclass(frozen=True)
class _Reply:
    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class _Overlong(Exception):
    """The reply passed its deadline or its size limit while being read."""


class OpenAITextModel:
    """`POST {base_url}/chat/completions`; `base_url` without a path gets `/v1` appended."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        timeout: float = 120.0,
        retries: int = 2,
        connect_timeout_s: float = 5.0,
        backoff_s: float = 0.5,
        max_retry_after_s: float = 30.0,
        api_key: str | None = None,
    ) -> None:
        """`timeout`: seconds for one attempt's whole reply; `retries`: attempts after the
        first; `max_retry_after_s`: the longest `Retry-After` wait honoured."""
        if not (math.isfinite(timeout) and timeout > 0):
            raise InputError(f"timeout: expected a positive number of seconds, got {timeout}")
        if retries < 0:
            raise InputError(f"retries: expected 0 or more, got {retries}")
        self.base_url = normalise_base_url(base_url)
        self.info = ModelInfo(id=model, backend="openai")
        self.timeout = timeout
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_retry_after_s = max_retry_after_s
        self._honours_n: bool | None = None
        self._logprobs = True
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout_s, timeout)),
            headers=headers,
        )

    def close(self) -> None:
        self._client.close()

    @property
    def numerics(self) -> str | None:
        """Unknown: the server decides."""
        return None

    @property
    def prefills(self) -> bool:
        """No: the chat API has no portable prefill (see `_request`)."""
        return False

    def generate(self, messages: list[ChatMessage], params: SamplingParams) -> list[Generation]:
        """`params.n` continuations; extra single requests fill in when the server ignores n."""
        if params.n < 1:
            return []
        if self._honours_n is False:
            return [self._one(messages, params, i) for i in range(params.n)]
        found = self._request(messages, params, n=params.n, seed=params.seed)
        if params.n > 1:
            self._honours_n = len(found) >= params.n
        found = found[: params.n]
        if len(found) < params.n:
            found = found[:1] + [self._one(messages, params, i) for i in range(1, params.n)]
        return found

    def _one(self, messages: list[ChatMessage], params: SamplingParams, index: int) -> Generation:
        seed = params.seed if index == 0 else derived_seed(params.seed, index)
        found = self._request(messages, params, n=1, seed=seed)
        if not found:
            raise BackendError(f"openai backend: {self._url}: response has no choices")
        return found[0]

    @property
    def _url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def _request(
        self, messages: list[ChatMessage], params: SamplingParams, *, n: int, seed: int
    ) -> list[Generation]:
        body: dict[str, Any] = {
            "model": self.info.id,
            # The chat API has no portable prefill (a final assistant message would be taken as
            # a finished turn), so its text ends the user turn instead.
            "messages": [{"role": m.role, "content": m.content}
                         for m in prefill_in_user_turn(messages)],
            "n": n,
            "max_tokens": params.max_new_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "seed": seed,
        }
        if params.stop:
            body["stop"] = list(params.stop)
        if self._logprobs and params.top_logprobs >= 0:
            body["logprobs"] = True
            body["top_logprobs"] = params.top_logprobs
        response = self._post(body)
        if (
            response.status_code in (400, 422)
            and "logprobs" in body
            and "logprob" in response.text.lower()
        ):
            # Some servers reject the logprobs fields; carry on without them.
            self._logprobs = False
            body.pop("logprobs")
            body.pop("top_logprobs")
            response = self._post(body)
        if response.status_code >= 400:
            raise BackendError(
                f"openai backend: {self._url}: HTTP {response.status_code}: "
                f"{_one_line(response.text)}"
            )
        try:
            data = response.json()
        except (ValueError, RecursionError):
            raise BackendError(f"openai backend: {self._url}: response is not JSON") from None
        return parse_chat_completion(data, self._url)

    def _post(self, body: dict[str, Any]) -> _Reply:
        """POST with bounded retries: exponential backoff, or the server's `Retry-After`."""
        problem, wait = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(max(wait, self.backoff_s * 2 ** (attempt - 1)))
            wait = 0.0
            try:
                response, wait = self._attempt(body)
            except httpx.ConnectError as err:
                problem = f"connection failed ({_one_line(str(err))})"
                continue
            except httpx.TimeoutException as err:
                problem = f"timed out ({type(err).__name__})"
                continue
            except _Overlong as err:
                problem = str(err)
                continue
            except httpx.HTTPError as err:
                problem = f"{type(err).__name__}: {_one_line(str(err))}"
                continue
            if response.status_code not in RETRY_STATUS:
                return response
            problem = f"HTTP {response.status_code}: {_one_line(response.text)}"
        attempts = self.retries + 1
        raise BackendError(
            f"openai backend: {self._url}: {problem} "
            f"after {attempts} attempt{'s' if attempts > 1 else ''}"
        )

    def _attempt(self, body: dict[str, Any]) -> tuple[_Reply, float]:
        """One POST read whole within `timeout` seconds; (reply, Retry-After wait in seconds)."""
        deadline = time.monotonic() + self.timeout
        with self._client.stream("POST", self._url, json=body) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    raise _Overlong(f"reply over {MAX_REPLY_BYTES // (1024 * 1024)} MiB")
                if time.monotonic() > deadline:
                    raise _Overlong(f"timed out (reply not complete after {self.timeout:g} s)")
                chunks.append(chunk)
            wait = retry_after_s(response.headers.get("retry-after"), self.max_retry_after_s)
        return _Reply(response.status_code, b"".join(chunks)), wait


def retry_after_s(value: str | None, cap: float, now: datetime | None = None) -> float:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), in [0, cap]."""
    if not value:
        return 0.0
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return 0.0
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):
        return 0.0 if seconds != math.inf else cap
    return min(max(seconds, 0.0), cap)


def normalise_base_url(base_url: str) -> str:
    """`http://host:port` -> `http://host:port/v1`; a URL with a path is kept as given."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--base-url: {base_url!r} is not an http(s) URL")
    url = base_url.strip().rstrip("/")
    return url if parts.path.strip("/") else f"{url}/v1"


def derived_seed(seed: int, index: int) -> int:
    """A distinct, stable 31-bit seed for the `index`-th single request of a call."""
    digest = hashlib.sha256(f"mesascope:{seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def parse_chat_completion(data: object, source: str = "response") -> list[Generation]:
    """The choices of a chat-completion response; anything malformed is a BackendError."""
    try:
        if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
            raise TypeError("no 'choices' list")
        return [_parse_choice(choice, data) for choice in data["choices"]]
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as err:
        raise BackendError(
            f"openai backend: {source}: malformed response ({_one_line(str(err))})"
        ) from None


def _parse_choice(choice: dict[str, Any], data: dict[str, Any]) -> Generation:
    message = choice.get("message") or {}
    reasoning, text = split_reasoning(message if isinstance(message, dict) else {})
    tokens: list[TokenChoice] = []
    logprobs = choice.get("logprobs")
    if isinstance(logprobs, dict) and isinstance(logprobs.get("content"), list):
        tokens = [_parse_token(t) for t in logprobs["content"][:MAX_TOKENS]]
    usage = data.get("usage") or {}
    return Generation(
        text=str(text),
        tokens=tokens,
        finish_reason=str(choice.get("finish_reason") or "stop"),
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        reasoning=reasoning,
    )


def _parse_token(entry: dict[str, Any]) -> TokenChoice:
    top = [
        TokenAlternative(token=str(alt["token"]), logprob=_logprob(alt.get("logprob")))
        for alt in (entry.get("top_logprobs") or [])[:MAX_TOP]
    ]
    return TokenChoice(token=str(entry["token"]), logprob=_logprob(entry.get("logprob")), top=top)


def _logprob(value: Any) -> float:
    """Finite and at most 0: -9999 (the usual floor for "never") for NaN, -inf or junk."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return LOGPROB_FLOOR
    return min(max(number, LOGPROB_FLOOR), 0.0) if number == number else LOGPROB_FLOOR


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line[:200] + ("…" if len(line) > 200 else "")
