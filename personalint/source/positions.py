"""Positions in a document's node tree: pointer → Span (value, key or container), duplicate keys.

The nodes are PyYAML's or `json_nodes`' (same shape: `id`, `value`, `start_mark`, `end_mark`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from personalint import pointer as jp
from personalint.finding import Problem, Span
from personalint.ids import DUPLICATE_KEY
from personalint.source.text import LineIndex

Node = Any  # a PyYAML node, or a `json_nodes` node of the same shape (`id`, `value`, marks)
Duplicate = tuple[Node, Node, Node]  # (mapping, repeated key, first key)


class Mark(NamedTuple):
    """A place in the text, as PyYAML's marks have it: a character offset, a 0-based line and column."""

    index: int  # type: ignore[assignment]  # a field may shadow tuple.index, which mypy does not allow
    line: int
    column: int


def problem_at(lines: LineIndex, offset: int, rule: str, message: str) -> Problem:
    """A problem one character wide at a character offset."""
    line, column = lines.position(offset)
    return Problem(rule, message, span=Span(line, column, line, column + 1))


def scalar_key(node: Node) -> str | None:
    return node.value if node.id == "scalar" else None


def find(root: Node, tokens: list[str]) -> tuple[Node, Node | None]:
    """The deepest node on the way to `tokens`, and the key node that holds it (if any)."""
    node, key_node = root, None
    for token in tokens:
        if node.id == "mapping":
            # after loading, merged (`<<`) pairs come first and explicit ones last: the last match wins
            matches = [(k, v) for k, v in node.value if scalar_key(k) == token]
            if not matches:
                return node, key_node
            k, v = matches[-1]
            node, key_node = v, k
        elif node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
            node, key_node = node.value[int(token)], None
        else:
            return node, key_node
    return node, key_node


def node_span(node: Node, index: LineIndex) -> Span:
    start, end = node.start_mark, node.end_mark
    line, column = start.line + 1, start.column + 1
    end_line, end_column = end.line + 1, end.column + 1
    # Block nodes end at the start of the next token: pull the end back to real text.
    while end_line > line and not index.line_text(end_line)[: end_column - 1].strip():
        end_line -= 1
        end_column = len(index.line_text(end_line).rstrip()) + 1
    if (end_line, end_column) <= (line, column):
        end_line, end_column = line, column + 1
    return Span(line, column, end_line, end_column)


def container_span(node: Node, key_node: Node | None, index: LineIndex) -> Span:
    """Where to report a key missing from `node`: the key that holds it, or where the mapping starts."""
    if key_node is not None:
        return node_span(key_node, index)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return Span(line, column, line, column + 1)


def json_duplicates(root: Node | None) -> list[Duplicate]:
    """Keys repeated within one mapping of a JSON node tree (YAML's loader finds its own)."""
    found: list[Duplicate] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node.id == "mapping":
            first: dict[str, Node] = {}
            for key, value in node.value:
                if key.value in first:
                    found.append((node, key, first[key.value]))
                else:
                    first[key.value] = key
                stack.append(value)
        elif node.id == "sequence":
            stack.extend(node.value)
    return found


def _mapping_pointers(root: Node) -> dict[int, str]:
    """The pointer of every mapping node, by identity (only walked when a file has duplicates)."""
    pointers: dict[int, str] = {}
    stack: list[tuple[str, Node]] = [("", root)]
    while stack:
        here, node = stack.pop()
        if node.id == "mapping":
            pointers[id(node)] = here
            stack.extend((jp.join(here, scalar_key(k) or "?"), v) for k, v in node.value)
        elif node.id == "sequence":
            stack.extend((jp.join(here, i), item) for i, item in enumerate(node.value))
    return pointers


def duplicate_problems(root: Node | None, duplicates: list[Duplicate], index: LineIndex) -> list[Problem]:
    """One problem per repeated key, at the repetition, naming the line of the first."""
    if root is None:
        return []
    pointers = _mapping_pointers(root)
    problems = []
    for mapping, key, first in duplicates:
        name = scalar_key(key) or "?"
        problems.append(
            Problem(
                DUPLICATE_KEY,
                f"duplicate key '{name}' (first at line {first.start_mark.line + 1}); only the last value takes effect",
                pointer=jp.join(pointers.get(id(mapping), ""), name),
                at="key",
                span=node_span(key, index),
                fix={},  # remove the earlier ones (fix/edits.Editor.remove_duplicates)
            )
        )
    return problems
