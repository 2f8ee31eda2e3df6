"""The node tree of a YAML document, composed from the parser's events within the limits.

PyYAML's own composer recurses once per level of nesting and expands nothing by itself, so
a deep document would exhaust the stack of every later walk, and an alias bomb would only
explode afterwards. This composer is iterative (no recursion, whatever the depth) and
enforces MAX_DEPTH and the alias limits event by event, before anything walks the document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from personalint.ids import ALIAS_LIMIT, NESTED_TOO_DEEPLY
from personalint.source.limits import MAX_ALIAS_CHARACTERS, MAX_ALIAS_NODES, MAX_DEPTH, too_deep
from personalint.source.positions import Node

Size = tuple[int, int, int]  # what a node adds where an alias repeats it: (values, characters, depth)


class Refused(Exception):
    """A document beyond a limit, found while composing it."""

    def __init__(self, rule: str, message: str, mark: Any) -> None:
        super().__init__(message)
        self.rule, self.message, self.mark = rule, message, mark


class ComposeError(Exception):
    """A document the parser accepts but YAML does not (an undefined alias, a repeated anchor)."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


class _Any:
    """Contains everything: where a resolver has wildcard regexes, every scalar is resolved."""

    def __contains__(self, item: object) -> bool:
        return True


class Composer:
    """Composing the documents of one YAML segment from a loader's events, within the limits."""

    def __init__(self, loader: Any, remap: Callable[[Any], Any] | None) -> None:
        self.loader = loader
        self.remap = remap  # mark -> mark counted as LineIndex counts lines, or None
        self.document_end: Any = None  # the DocumentEndEvent read last
        # the tags the resolver gives without a regex (resolver.py's resolve, which no path resolver
        # changes here): any collection's, and a plain scalar's whose first character no regex is for
        resolvers = loader.yaml_implicit_resolvers
        self.starts = _Any() if None in resolvers or loader.yaml_path_resolvers else frozenset(resolvers)
        self.tags = {
            ScalarEvent: loader.DEFAULT_SCALAR_TAG,
            SequenceStartEvent: loader.DEFAULT_SEQUENCE_TAG,
            MappingStartEvent: loader.DEFAULT_MAPPING_TAG,
        }
        self._begin()

    def mark(self, mark: Any) -> Any:
        return self.remap(mark) if self.remap else mark

    def skip_document(self) -> None:
        get = self.loader.get_event
        event = get()
        while not isinstance(event, DocumentEndEvent):
            event = get()
        self.document_end = event

    def _begin(self) -> None:
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, Size] = {}  # anchored node -> what its aliases add
        self.open_anchored: set[int] = set()  # anchored collections not closed yet
        # frames: [node, values, characters, depth below]; a mapping's keys and values are paired when it ends
        self.stack: list[list[Any]] = []
        self.added_nodes = self.added_characters = 0

    def compose(self) -> Node:
        """The node tree of the document whose DocumentStartEvent was just read."""
        self._begin()
        get, resolve, remap, stack = self.loader.get_event, self.loader.resolve, self.remap, self.stack
        scalar, alias, sequence_start, mapping_start = ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent
        sequence_end, mapping_end, scalar_node = SequenceEndEvent, MappingEndEvent, ScalarNode
        open_anchored, sizes, starts, tags = self.open_anchored, self.sizes, self.starts, self.tags
        while True:
            event = get()
            kind = type(event)
            # scalars, starts and ends inline, marks as they are without remap: the calls cost ~6%
            if kind is scalar:
                tag, value, start, end = event.tag, event.value, event.start_mark, event.end_mark
                if tag is None or tag == "!":
                    plain = event.implicit[0] and value[:1] in starts  # else never resolved but to str
                    tag = resolve(scalar_node, value, event.implicit) if plain else tags[kind]
                start, end = (remap(start), remap(end)) if remap else (start, end)
                node: Node = scalar_node(tag, value, start, end, style=event.style)
                size = (1, len(value), 0)
                if event.anchor is not None:
                    self._anchor(event, node)
                    sizes[id(node)] = size
            elif kind is sequence_start or kind is mapping_start:
                if len(stack) >= MAX_DEPTH:
                    raise Refused(NESTED_TOO_DEEPLY, too_deep(), self.mark(event.start_mark))
                node_class = SequenceNode if kind is sequence_start else MappingNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = tags[kind]
                start = remap(event.start_mark) if remap else event.start_mark
                node = node_class(tag, [], start, None, flow_style=event.flow_style)
                if event.anchor is not None:
                    self._anchor(event, node)
                    open_anchored.add(id(node))
                stack.append([node, 1, 0, 0])
                continue
            elif kind is sequence_end or kind is mapping_end:
                node, values, characters, below = stack.pop()
                node.end_mark = remap(event.end_mark) if remap else event.end_mark
                if kind is mapping_end:
                    items = iter(node.value)
                    node.value = list(zip(items, items, strict=True))
                size = (values, characters, below + 1)
                if id(node) in open_anchored:
                    open_anchored.discard(id(node))
                    sizes[id(node)] = size
            elif kind is alias:
                node, size = self._alias(event)
            else:  # pragma: no cover - the parsers emit nothing else inside a document
                raise ComposeError(f"unexpected {kind.__name__}", self.mark(event.start_mark))
            if not stack:
                self.document_end = get()
                return node
            frame = stack[-1]
            frame[0].value.append(node)
            frame[1] += size[0]
            frame[2] += size[1]
            if size[2] > frame[3]:
                frame[3] = size[2]

    def _alias(self, event: Any) -> tuple[Node, Size]:
        node = self.anchors.get(event.anchor)
        if node is None:
            raise ComposeError(f"found undefined alias '{event.anchor}'", self.mark(event.start_mark))
        if id(node) in self.open_anchored:
            raise Refused(
                ALIAS_LIMIT,
                f"the alias *{event.anchor} refers to a collection that contains "
                "it: the document would be infinite, and is not checked",
                self.mark(event.start_mark),
            )
        size = self.sizes[id(node)]
        self.added_nodes += size[0]
        self.added_characters += size[1]
        if self.added_nodes > MAX_ALIAS_NODES or self.added_characters > MAX_ALIAS_CHARACTERS:
            raise Refused(
                ALIAS_LIMIT,
                f"aliases expand this document beyond {MAX_ALIAS_NODES:,} values "
                f"or {MAX_ALIAS_CHARACTERS:,} characters (an alias bomb?): it is not checked",
                self.mark(event.start_mark),
            )
        if len(self.stack) + size[2] > MAX_DEPTH:
            raise Refused(
                NESTED_TOO_DEEPLY, too_deep() + f" (through the alias *{event.anchor})", self.mark(event.start_mark)
            )
        return node, size

    def _anchor(self, event: Any, node: Node) -> None:
        if event.anchor in self.anchors:
            first = self.anchors[event.anchor].start_mark.line + 1
            raise ComposeError(
                f"found duplicate anchor '&{event.anchor}' (first at line {first})", self.mark(event.start_mark)
            )
        self.anchors[event.anchor] = node
