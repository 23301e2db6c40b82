"""Separate a chat message's reasoning from its reply: `reasoning_content` (vLLM, llama.cpp,
DeepSeek) or `<think>…</think>` in the content (R1-style templates, which may omit the opening
tag or be cut off before the closing one)."""

from __future__ import annotations

import re
from typing import Any

_OPEN, _CLOSE = "<think>", "</think>"
_BLOCK = re.compile(r"<think>(.*?)</think>", re.DOTALL)


def text_problem(value: Any) -> str | None:
    """Why `value` is not a message content (a string, null, or a list of content parts, each
    an object whose `text`, if the part has one, is a string), or None if it is one."""
    if value is None or isinstance(value, str):
        return None
    if not isinstance(value, list):
        return "should be a string, null or a list of content parts"
    for i, part in enumerate(value):
        if not isinstance(part, dict):
            return f"part {i} should be an object"
        if part.get("type", "text") == "text" and not isinstance(part.get("text"), str):
            return f"part {i} is a text part whose 'text' is not a string"
    return None


def _text(value: Any) -> str:
    """The text of a message content; anything `text_problem` refuses adds nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(p["text"] for p in value
                       if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


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
