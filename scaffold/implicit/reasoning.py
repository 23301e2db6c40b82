"""Separate a chat message's reasoning from its reply: `reasoning_content` (vLLM, llama.cpp,
DeepSeek) or `<think>…</think>` in the content (R1-style templates, which may omit the opening
tag or be cut off before the closing one)."""

from __future__ import annotations

import re
from typing import Any

_OPEN, _CLOSE = "<think>", "</think>"
_BLOCK = re.compile(r"<think>(.*?)</think>", re.DOTALL)


def _text(value: Any) -> str:
    """A message content: a string, None, or a list of {"type": "text", "text": ...} parts."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in value)
    return str(value)


def split_reasoning(message: dict[str, Any]) -> tuple[str | None, str]:
    """(reasoning or None, reply) of one assistant message; the reply has no think tags."""
    content = _text(message.get("content"))
    field = message.get("reasoning_content") or message.get("reasoning")
    stated = _text(field).strip() if field else ""
    parts: list[str] = []
    if _CLOSE in content and _OPEN not in content.split(_CLOSE, 1)[0]:
        head, content = content.split(_CLOSE, 1)
        parts.append(head)
    parts.extend(m.group(1) for m in _BLOCK.finditer(content))
    content = _BLOCK.sub("", content)
    if _OPEN in content:
        content, tail = content.split(_OPEN, 1)
        parts.append(tail)
    inline = "\n\n".join(p.strip() for p in parts if p.strip())
    reasoning = "\n\n".join(x for x in (stated, inline) if x)
    return (reasoning or None), content.strip()
