"""A chat model behind any OpenAI-compatible server (llama.cpp server, vLLM, Ollama).

Transport failures (refused, timeout, 5xx, bad JSON) become one-line BackendErrors after a
bounded number of retries with backoff. Logprobs are requested and used when the server
offers them. Servers that ignore `n` (llama.cpp) get one request per missing candidate, each
with a seed derived from `params.seed`, so a call stays reproducible.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from scaffold.errors import InputError
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


class OpenAITextModel:
    """`POST {base_url}/chat/completions`; `base_url` without a path gets `/v1` appended."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        timeout_s: float = 120.0,
        connect_timeout_s: float = 5.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        api_key: str | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.info = ModelInfo(id=model, backend="openai")
        self.retries = retries
        self.backoff_s = backoff_s
        self._honours_n: bool | None = None
        self._logprobs = True
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s), headers=headers
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
        except ValueError:
            raise BackendError(f"openai backend: {self._url}: response is not JSON") from None
        return parse_chat_completion(data, self._url)

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        """POST with bounded retries and exponential backoff on transport errors and 5xx."""
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                response = self._client.post(self._url, json=body)
            except httpx.ConnectError as err:
                problem = f"connection failed ({_one_line(str(err))})"
                continue
            except httpx.TimeoutException as err:
                problem = f"timed out ({type(err).__name__})"
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
    text = message.get("content") or ""
    tokens: list[TokenChoice] = []
    logprobs = choice.get("logprobs")
    if isinstance(logprobs, dict) and isinstance(logprobs.get("content"), list):
        tokens = [_parse_token(t) for t in logprobs["content"]]
    usage = data.get("usage") or {}
    return Generation(
        text=str(text),
        tokens=tokens,
        finish_reason=str(choice.get("finish_reason") or "stop"),
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
    )


def _parse_token(entry: dict[str, Any]) -> TokenChoice:
    top = [
        TokenAlternative(token=str(alt["token"]), logprob=_logprob(alt.get("logprob")))
        for alt in entry.get("top_logprobs") or []
    ]
    return TokenChoice(token=str(entry["token"]), logprob=_logprob(entry.get("logprob")), top=top)


def _logprob(value: Any) -> float:
    """Finite, so transcripts stay valid JSON; -9999 is the usual floor for "never"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return LOGPROB_FLOOR
    return max(number, LOGPROB_FLOOR) if number == number else LOGPROB_FLOOR


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line[:200] + ("…" if len(line) > 200 else "")
