"""Where the cursor is in a document: the JSON Pointer under it, and whether it is on a key or a value.

- `node_at` (hover): in a document that loads, the node under an offset, from the node tree the
  pipeline builds for positions (JSON, YAML, and persona objects in code alike).
- `yaml_place` (completion; jsonscan.py for JSON): where a key or a value is being typed, in a JSON or YAML text that may
  not load as it is. YAML: the word at the cursor is replaced by a marker (`marker:` where a key
  goes) and the text loaded, so the marker's pointer is the place. JSON: the text up to the
  cursor is scanned as tokens, which needs nothing after the cursor to be valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from personalint import pointer as jp
from personalint.source import Document, load
from personalint.source.positions import Node

MARKER = "personalint__cursor__"
_WORD = re.compile(r"[^\s:,\[\]{}#'\"]*")
_WORD_END = re.compile(r"[^\s:,\[\]{}#'\"]*$")


@dataclass
class Hit:
    """The node under the cursor: the pointer of its value, and whether the cursor is on its key."""

    document: int
    pointer: str
    role: str  # "key" or "value"
    node: Node


def node_at(documents: list[Document], offset: int) -> Hit | None:
    """The innermost key or scalar value that holds `offset` (a container's own extent otherwise)."""
    for document in documents:
        root = document.root_node()
        if root is None or not _holds(root, offset):
            continue
        return _descend(document.index, root, offset, "")
    return None


def _holds(node: Node, offset: int) -> bool:
    return bool(node.start_mark.index <= offset <= node.end_mark.index)


def _descend(index: int, node: Node, offset: int, pointer: str) -> Hit:
    if node.id == "mapping":
        for key, value in node.value:
            if key.id != "scalar":
                continue
            here = jp.join(pointer, str(key.value))
            if _holds(key, offset):
                return Hit(index, here, "key", key)
            if _holds(value, offset):
                return _descend(index, value, offset, here)
    elif node.id == "sequence":
        for position, item in enumerate(node.value):
            if _holds(item, offset):
                return _descend(index, item, offset, jp.join(pointer, position))
    return Hit(index, pointer, "value", node)


@dataclass
class Place:
    """Where a completion goes: at a key of the mapping at `pointer`, or the value at `pointer`."""

    format: str  # "json" or "yaml"
    document: int
    pointer: str
    role: str  # "key" or "value"
    start: int  # the offsets of the text the completion replaces (what is typed so far)
    end: int
    value: Any = None  # the document's value as loaded (the marker left out), for the schema's conditions
    present: set[str] = field(default_factory=set)  # the mapping's keys already there (role "key")
    quoted: bool = False  # JSON: the cursor is inside a string (its quotes are replaced too)
    colon: bool = False  # JSON: a colon already follows the key being typed


def yaml_place(text: str, offset: int) -> Place | None:
    """The place in a YAML text: the word at the cursor replaced by the marker, and the text loaded."""
    if MARKER in text:
        return None
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = len(text) if text.find("\n", offset) < 0 else text.find("\n", offset)
    before, after = text[line_start:offset], text[offset:line_end]
    start = offset - len(_trailing_word(before))
    end = offset + len(_leading_word(after))
    head = text[line_start:start]
    stripped = head.strip()
    quote = ""
    if head.endswith(("'", '"')):
        quote = head[-1]
        head = head[:-1]
    if not stripped or re.fullmatch(r"-(\s*-)*", stripped):
        role, marker = "key", MARKER + ":"
        rest = "" if after[end - offset :].lstrip().startswith(":") else after[end - offset :]
    elif stripped.rstrip(" \"'").endswith(":") or re.search(r":\s*['\"]?$", head + quote):
        role, marker, rest = "value", MARKER, _after_value(after[end - offset :], quote)
    else:
        return None
    candidate = text[:line_start] + head + marker + rest + text[line_end:]
    closing = 1 if quote and text[end : end + 1] == quote else 0
    return _load_marked(candidate, role, start - len(quote), end + closing)


def _trailing_word(before: str) -> str:
    match = _WORD_END.search(before)
    return match.group(0) if match else ""


def _leading_word(after: str) -> str:
    match = _WORD.match(after)
    return match.group(0) if match else ""


def _after_value(after: str, quote: str) -> str:
    """What stays of the line after a value being typed: its closing quote goes with the marker."""
    if quote and after.startswith(quote):
        return after[1:]
    return after


def _load_marked(text: str, role: str, start: int, end: int) -> Place | None:
    source = load("completion.yaml", text.encode("utf-8", "surrogatepass"), format="yaml", check_duplicates=False)
    for document in source.documents:
        found = _marker(document.value, "")
        if found is None:
            continue
        pointer, holder = found
        if role == "key":
            present = {str(k) for k in holder if k != MARKER}
            value = _without_marker(document.value)
            return Place("yaml", document.index, pointer, role, start, end, value, present)
        return Place("yaml", document.index, pointer, role, start, end, _without_marker(document.value))
    return None


def _marker(value: Any, pointer: str) -> tuple[str, Any] | None:
    """Where the marker is: (the pointer of the mapping holding it as a key, the mapping) or (its value's pointer, None)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.startswith(MARKER):
                return pointer, value
            if isinstance(item, str) and item.startswith(MARKER):
                return jp.join(pointer, str(key)), None
            found = _marker(item, jp.join(pointer, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str) and item.startswith(MARKER):
                return jp.join(pointer, index), None
            found = _marker(item, jp.join(pointer, index))
            if found is not None:
                return found
    return None


def _without_marker(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_marker(v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.startswith(MARKER)) and not (isinstance(v, str) and v.startswith(MARKER))
        }
    if isinstance(value, list):
        return [_without_marker(v) for v in value if not (isinstance(v, str) and v.startswith(MARKER))]
    return value
