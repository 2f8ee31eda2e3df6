"""How values appear inside messages: short, quoted, and never a secret."""

from __future__ import annotations

import re
from typing import Any

_SECRET_NAME = re.compile(
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
