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
from typing import Any, NamedTuple


class Mark(NamedTuple):
    index: int
    line: int  # 0-based, like PyYAML's marks
    column: int


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


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)  # possessive: no backtracking stack on long strings
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERAL = re.compile(r"true|false|null")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Cursor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def mark(self, offset: int) -> Mark:
        from bisect import bisect_right

        line = bisect_right(self.line_starts, offset) - 1
        return Mark(offset, line, offset - self.line_starts[line])

    def skip(self) -> None:
        self.pos = _WHITESPACE.match(self.text, self.pos).end()

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


def compose(text: str) -> Node | None:
    """The node tree of a JSON text that `json.loads` has already accepted."""
    cursor = _Cursor(text)
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
