"""A JSON text as a tree of nodes with exact marks, built only when a finding needs a position.

The standard library's parser gives values but no positions. This scanner walks the
same (already validated) text once more and records where every key and value starts
and ends, in nodes shaped like PyYAML's (`id`, `value`, `start_mark`, `end_mark`), so
one position lookup serves both formats without importing PyYAML for JSON. It is
iterative, so deep nesting cannot exhaust the stack.
"""

from __future__ import annotations

import json
import re
from typing import Any

from personalint.patterns import lazy
from personalint.source.positions import Mark
from personalint.source.text import LineIndex


class Node:
    id = "node"
    tag = ""

    def __init__(self, value: Any, start_mark: Mark, end_mark: Mark) -> None:
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark


class ScalarNode(Node):
    id = "scalar"


class SequenceNode(Node):
    id = "sequence"


class MappingNode(Node):
    id = "mapping"


_WHITESPACE = lazy(r"[ \t\n\r]*")
_STRING = lazy(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)  # possessive: no backtracking stack on long strings
_NUMBER = lazy(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERAL = lazy(r"true|false|null")


class _Cursor:
    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        self.pos = 0
        self.lines = lines

    def mark(self, offset: int) -> Mark:
        line, column = self.lines.position(offset)
        return Mark(offset, line - 1, column - 1)

    def skip(self) -> None:
        match = _WHITESPACE.match(self.text, self.pos)
        assert match is not None  # a `*` pattern always matches
        self.pos = match.end()

    def scalar(self) -> ScalarNode:
        text, start = self.text, self.pos
        for pattern, kind in ((_STRING, "str"), (_NUMBER, "number"), (_LITERAL, "literal")):
            match = pattern.match(text, start)
            if match:
                self.pos = match.end()
                raw = match.group()
                value = json.loads(raw) if kind == "str" else raw
                return ScalarNode(value, self.mark(start), self.mark(self.pos))
        raise ValueError(f"unexpected character at offset {start}")


def compose(text: str, lines: LineIndex | None = None) -> Node | None:
    """The node tree of a JSON text that `json.loads` has already accepted (`lines`: its index, if built)."""
    cursor = _Cursor(text, lines if lines is not None else LineIndex(text))
    cursor.skip()
    if cursor.pos >= len(text):
        return None
    root: Node | None = None
    # Each frame: the open container node and, for mappings, the key waiting for its value.
    stack: list[tuple[Node, ScalarNode | None]] = []

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        container, key = stack[-1]
        if isinstance(container, MappingNode):
            container.value.append((key, node))
            stack[-1] = (container, None)
        else:
            container.value.append(node)

    while True:
        cursor.skip()
        char = text[cursor.pos] if cursor.pos < len(text) else ""
        if char in "{[":
            start = cursor.mark(cursor.pos)
            node = MappingNode([], start, start) if char == "{" else SequenceNode([], start, start)
            cursor.pos += 1
            attach(node)
            stack.append((node, None))
        elif char in "}]":
            cursor.pos += 1
            container, _ = stack.pop()
            container.end_mark = cursor.mark(cursor.pos)
            if not stack:
                return root
        elif char == ",":
            cursor.pos += 1
        elif stack and isinstance(stack[-1][0], MappingNode) and stack[-1][1] is None:
            key = cursor.scalar()
            cursor.skip()
            cursor.pos += 1  # the ':'
            stack[-1] = (stack[-1][0], key)
        else:
            attach(cursor.scalar())
            if not stack:
                return root
