"""What loading gives: a SourceFile of Documents, each a value with a way to find its positions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from personalint import pointer as jp
from personalint.finding import Problem, Span
from personalint.record import Record
from personalint.source.positions import Node, container_span, find, node_span
from personalint.source.text import LineIndex

# builds a document's node tree from its file's text when a position is first asked for
Composer = Callable[[str, LineIndex], Node | None]


class Text:
    """A file's decoded text and format, with a line index built on first use."""

    __slots__ = ("text", "format", "_lines")

    def __init__(self, text: str, format: str) -> None:
        self.text = text
        self.format = format
        self._lines: LineIndex | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines


class Document(Record):
    """One document of a file: its value, and a way to find where any part of it sits."""

    __slots__ = ("index", "value", "source", "node", "problems", "compose", "kind", "kind_reason", "unknown", "open")
    _not_compared = ("compose",)

    def __init__(
        self,
        index: int,
        value: Any,
        source: Text,
        node: Node | None = None,
        problems: list[Problem] | None = None,
        compose: Composer | None = None,
        kind: str | None = None,
        kind_reason: str = "",
        unknown: frozenset[str] = frozenset(),
        open: frozenset[str] = frozenset(),
    ) -> None:
        self.index = index
        self.value = value
        self.source = source  # not the SourceFile: no reference cycle, so a checked file is freed at once
        self.node = node  # YAML: kept from composing; JSON: built on demand by `compose`
        self.problems: list[Problem] = [] if problems is None else problems
        self.compose = compose
        # what a code reader knows (source/code.py): the kind the request gives, and why; the pointers
        # of values computed at run time (never judged) and of objects with unknown keys (none missing)
        self.kind = kind
        self.kind_reason = kind_reason
        self.unknown = unknown
        self.open = open

    def root_node(self) -> Node | None:
        if self.node is None and self.compose is not None:
            self.node = self.compose(self.source.text, self.source.lines)
        return self.node

    def start_span(self) -> Span:
        """Where the document starts: its `---` line in a YAML stream, else its first node."""
        root = self.root_node()
        index = self.source.lines
        if root is None:
            return Span(1, 1, 1, 1)
        start = root.start_mark.line + 1
        if self.source.format == "yaml" and root.id == "scalar" and root.value == "":
            # an empty document's node sits at the next token: look back for its own `---`
            for line in range(start - 1, 0, -1):
                if index.line_text(line).startswith("---"):
                    return Span(line, 1, line, 4)
            return Span(1, 1, 1, 1)
        return node_span(root, index)

    def extent(self, whole_file: bool = False) -> Span | None:
        """Where the document's own value sits: a persona object in code is its literal. A JSON
        file's one document (`whole_file`, no nodes built yet) is its text without the blanks
        around it, so no node tree is built just for this."""
        index = self.source.lines
        if self.node is None and whole_file and self.source.format == "json":
            text = self.source.text
            start, end = len(text) - len(text.lstrip()), len(text.rstrip())
            if end <= start:
                return None
            (line, column), (end_line, end_column) = index.position(start), index.position(end - 1)
            return Span(line, column, end_line, end_column + 1)
        root = self.root_node()
        return node_span(root, index) if root is not None else None

    def span(self, pointer: str, at: str = "value") -> Span:
        """Where `pointer` sits: its value, its key, or (for a missing key) its container."""
        root = self.root_node()
        index = self.source.lines
        if root is None:
            return Span(1, 1, 1, 1)
        node, key_node = find(root, jp.split(pointer))
        if at == "key" and key_node is not None:
            node = key_node
        elif at == "container":
            return container_span(node, key_node, index)
        return node_span(node, index)


class SourceFile(Record):
    """A file as loaded: its text, its documents and the problems that belong to no document."""

    __slots__ = ("path", "content", "documents", "problems")

    def __init__(
        self, path: str, content: Text, documents: list[Document] | None = None, problems: list[Problem] | None = None
    ) -> None:
        self.path = path
        self.content = content
        self.documents: list[Document] = [] if documents is None else documents
        self.problems: list[Problem] = [] if problems is None else problems  # file-level, spans known

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def format(self) -> str:
        return self.content.format

    @property
    def lines(self) -> LineIndex:
        return self.content.lines
