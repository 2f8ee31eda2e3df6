"""RFC 6901 JSON Pointers: the address of every finding inside its document."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_MISSING = object()


def escape(token: str | int) -> str:
    text = str(token)
    if "~" in text or "/" in text:  # (most keys have neither: no copies made for them)
        return text.replace("~", "~0").replace("/", "~1")
    return text


def join(base: str, *tokens: str | int) -> str:
    if len(tokens) == 1:  # the common call: one token onto a pointer
        return base + "/" + escape(tokens[0])
    return base + "".join("/" + escape(t) for t in tokens)


def split(pointer: str) -> list[str]:
    """The unescaped tokens of a pointer (a new list each time; the parsing is cached)."""
    return list(_tokens(pointer))


@lru_cache(maxsize=8192)
def _tokens(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON Pointer: {pointer!r}")
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/"))


def parent(pointer: str) -> str:
    return pointer[: pointer.rfind("/")] if pointer else ""


def resolve(document: Any, pointer: str, default: Any = _MISSING) -> Any:
    """The value at `pointer`, or `default` (raising KeyError when none is given)."""
    value = document
    for token in _tokens(pointer):
        if isinstance(value, dict):
            if token in value:
                value = value[token]
                continue
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
            continue
        if default is _MISSING:
            raise KeyError(pointer)
        return default
    return value


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) pair in a document, parents before children."""
    stack = [(pointer, value)]
    while stack:
        here, node = stack.pop()
        yield here, node
        if isinstance(node, dict):
            stack.extend([(join(here, k), v) for k, v in node.items()][::-1])
        elif isinstance(node, list):
            stack.extend([(f"{here}/{i}", v) for i, v in enumerate(node)][::-1])
