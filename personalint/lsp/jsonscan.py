"""Where the cursor is in a JSON text being typed: its tokens up to the cursor, scanned on a stack.

Nothing after the cursor needs to be valid: the containers open at the cursor give the
pointer, the mapping's keys before and after it the keys already there, and the text before
the cursor, closed, the value the schema's conditions are judged on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from personalint import pointer as jp
from personalint.lsp.cursor import Place

_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)+", re.S)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_WORD = re.compile(r"[^\s,:\[\]{}\"]+")


@dataclass
class _Frame:
    object: bool
    pointer: str
    state: str  # object: key, colon, value, comma; array: value, comma
    key: str | None = None
    index: int = 0
    keys: set[str] = field(default_factory=set)

    def child(self) -> str:
        return jp.join(self.pointer, self.key if self.object and self.key is not None else self.index)


def json_place(text: str, offset: int) -> Place | None:
    stack: list[_Frame] = []
    i = 0
    while i < offset:
        space = _SPACE.match(text, i)
        if space:
            i = space.end()
            continue
        char, top = text[i], stack[-1] if stack else None
        if char in "{[":
            pointer = top.child() if top else ""
            stack.append(_Frame(char == "{", pointer, "key" if char == "{" else "value"))
            i += 1
        elif char in "}]":
            if stack:
                stack.pop()
            if stack:
                stack[-1].state = "comma"
            i += 1
        elif char == ":" and top and top.object:
            top.state, i = "value", i + 1
        elif char == "," and top:
            top.state, top.index = ("key" if top.object else "value"), top.index + (0 if top.object else 1)
            i += 1
        else:
            token = (_STRING if char == '"' else _WORD).match(text, i)
            end = token.end() if token else i + 1
            if end >= offset and top is not None and not (char == '"' and _closed(text, i, end) and end == offset):
                return _inside(text, offset, stack, i, char == '"')
            if top is not None:
                if top.object and top.state == "key" and char == '"':
                    top.key = _decode(text[i:end])
                    top.keys.add(top.key)
                    top.state = "colon"
                else:
                    top.state = "comma"
            i = end
    if not stack:
        return None
    return _at(text, offset, stack, offset, offset, quoted=False)


def _closed(text: str, start: int, end: int) -> bool:
    return end - start >= 2 and text[end - 1] == '"'


def _inside(text: str, offset: int, stack: list[_Frame], start: int, quoted: bool) -> Place | None:
    """The cursor is inside a token (a string or a bare word) that starts at `start`."""
    if quoted:
        match = _STRING.match(text, start)
        end = match.end() if match else offset
    else:
        match = _WORD.match(text, start)
        end = match.end() if match else offset
    return _at(text, offset, stack, start, max(end, offset), quoted)


def _at(text: str, offset: int, stack: list[_Frame], start: int, end: int, quoted: bool) -> Place | None:
    top = stack[-1]
    if top.object and top.state == "key":
        present = top.keys | _keys_after(text, end)
        colon = text[end:].lstrip().startswith(":")
        value = _value_before(text, start, stack)
        return Place("json", 0, top.pointer, "key", start, end, value, present, quoted=quoted, colon=colon)
    if top.state == "value":
        return Place("json", 0, top.child(), "value", start, end, _value_before(text, start, stack), quoted=quoted)
    return None


def _keys_after(text: str, start: int) -> set[str]:
    """The keys of the mapping the cursor is in that come after it (up to its closing brace)."""
    keys: set[str] = set()
    depth, i = 0, start
    while i < len(text):
        space = _SPACE.match(text, i)
        if space:
            i = space.end()
            continue
        char = text[i]
        if char == '"':
            match = _STRING.match(text, i)
            end = match.end() if match else len(text)
            if depth == 0 and text[end:].lstrip().startswith(":"):
                keys.add(_decode(text[i:end]))
            i = end
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth < 0:
                break
        i += 1
    return keys


def _value_before(text: str, start: int, stack: list[_Frame]) -> Any:
    """The document as far as the cursor, its open containers closed (None when even that is not JSON)."""
    head = re.sub(r'(?:,|"(?:[^"\\]|\\.)*"\s*:)\s*$', "", text[:start].rstrip())
    head = re.sub(r":\s*$", ": null", head)
    closing = "".join("}" if frame.object else "]" for frame in reversed(stack))
    try:
        return json.loads(head + closing)
    except ValueError:
        return None


def _decode(token: str) -> str:
    if not token.endswith('"') or len(token) < 2:
        token += '"'
    try:
        value = json.loads(token)
    except ValueError:
        return token.strip('"')
    return value if isinstance(value, str) else str(value)
