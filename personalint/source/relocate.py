"""Positions of a text read out of a bigger one (a Markdown code block, an HTML `<pre>`, a curl body
in a shell script), moved to the file's own: a finding then points at the key or value in the
file, at its exact line and column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from personalint.finding import Problem, Span
from personalint.source.document import Document, Text
from personalint.source.positions import Mark
from personalint.source.text import LineIndex

__all__ = ["Place", "move", "move_nodes"]


class Place:
    """Where a block's own text sits in its file: every offset of the block → the file's offset."""

    def __init__(self, local: LineIndex, offset: Callable[[int], int], target: Text) -> None:
        self.local, self.offset, self.target = local, offset, target

    def position(self, line: int, column: int) -> tuple[int, int, int]:
        """(file offset, 0-based line, 0-based column) of a 0-based line and column of the block."""
        starts = self.local.starts
        local = starts[min(max(line, 0), len(starts) - 1)] + max(column, 0)
        offset = self.offset(min(local, len(self.local.text)))
        file_line, file_column = self.target.lines.position(offset)
        return offset, file_line - 1, file_column - 1

    def mark(self, mark: Any) -> Mark:
        return Mark(*self.position(mark.line, mark.column))

    def span(self, span: Span | None) -> Span | None:
        if span is None:
            return None
        _, line, column = self.position(span.line - 1, span.column - 1)
        _, end_line, end_column = self.position(span.end_line - 1, span.end_column - 1)
        if (end_line, end_column) <= (line, column):
            end_line, end_column = line, column + 1
        return Span(line + 1, column + 1, end_line + 1, end_column + 1)

    def problem(self, problem: Problem) -> Problem:
        return problem._replace(span=self.span(problem.span)) if problem.span is not None else problem


def move_nodes(root: Any, place: Place) -> Any:
    """A node tree's marks, from its block's text to the file's (each node once: YAML aliases share nodes)."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark, node.end_mark = place.mark(node.start_mark), place.mark(node.end_mark)
        if node.id == "mapping":
            stack.extend(part for pair in node.value for part in pair)
        elif node.id == "sequence":
            stack.extend(node.value)
    return root


def move(document: Document, place: Place) -> None:
    """A document read from a block's text, moved to the file: its nodes (or how they are built),
    its problems, and the text its positions are counted in."""
    old, compose = document.source, document.compose
    if document.node is not None:
        move_nodes(document.node, place)
    elif compose is not None:
        document.compose = lambda _text, _lines: move_nodes(compose(old.text, old.lines), place)
    document.problems = [place.problem(p) for p in document.problems]
    document.source = place.target
