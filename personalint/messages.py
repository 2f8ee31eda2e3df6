"""How values appear inside messages: short, quoted, and never a secret."""

from __future__ import annotations

import re
from typing import Any

from personalint import pointer as jp
from personalint.patterns import lazy

_SECRET_NAME = lazy(
    r"(api[_-]?key|secret|token|password|passwd|authorization|auth|credential|private[_-]?key|x-api-key)", re.I
)


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def value(value: Any, pointer: str = "", limit: int = 40) -> str:
    """A value as a message shows it; values under secret-looking keys are never shown."""
    last = pointer.rsplit("/", 1)[-1]
    if last and is_secret_name(last):
        return "<redacted>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return "'" + text.replace("\n", "\\n") + "'"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def number(value: float) -> str:
    """A number as messages write it (its repr: 0.7, 2.0, 1200)."""
    return repr(value)


def choices(values: list[Any]) -> str:
    return ", ".join("null" if v is None else str(v) for v in values)


def field_name(pointer: str, depth: int | None = 1, headers: bool = False) -> str:
    """How a message names the field at `pointer`: its last `depth` names, each with the indexes
    that follow it (`tools[2]`, `llm.api_key`; all of them with depth None: `layers.tts.api_key`).

    `the document` for the empty pointer, `the item at /2` for a pointer of indexes only, and
    with `headers`, `the Authorization header` for a key under `headers`.
    """
    tokens = jp.split(pointer)
    if not tokens:
        return "the document"
    if headers and len(tokens) >= 2 and tokens[-2].lower() == "headers":
        return f"the {tokens[-1]} header"
    groups: list[str] = []  # each a name with the indexes that follow it: "tools[2]"
    for token in tokens:
        if token.isdigit() and groups:
            groups[-1] += f"[{token}]"
        else:
            groups.append(token if not token.isdigit() else f"[{token}]")
    if groups[0].startswith("[") and len(groups) == 1:
        return f"the item at {pointer}"
    return ".".join(groups if depth is None else groups[-depth:])


def and_join(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def article(word: str) -> str:
    """`a` or `an` before `word`, as it is spoken (`an LLM`, `a voice`, `an object`)."""
    return "an" if word[:1].lower() in "aeiou" or word.startswith("LLM") else "a"


class Fields(dict):
    """A message template's fields: a placeholder nobody filled stays visible (`{key}`) rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def printable(text: str) -> str:
    """Text every output can encode: a lone surrogate (a JSON escape such as "\\ud800") is shown escaped."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
