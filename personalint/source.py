"""Bytes to documents: values for the checks, source nodes for exact positions.

JSON goes through the standard library's C parser, YAML through PyYAML's safe
loader (libyaml when available). Both keep what is needed to find any JSON
Pointer in the text later, but positions are only computed for findings:
YAML keeps the node tree it composes anyway; JSON re-scans its text
(`jsonnodes`) only when a finding needs a position.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from personalint import pointer as jp
from personalint.finding import Problem, Span

Node = Any  # a PyYAML node, or a `jsonnodes` node of the same shape (`id`, `value`, marks)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

PARSE_ERROR = "PF001"
DUPLICATE_KEY = "PF002"
EMPTY_DOCUMENT = "PF003"


class LineIndex:
    """Offsets of line starts, so any character offset maps to a line and column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        from bisect import bisect_right

        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_count(self) -> int:
        return len(self.starts)


@dataclass
class Document:
    """One document of a file: its value, and a way to find where any part of it sits."""

    index: int
    value: Any
    source: "Text"  # not the SourceFile: no reference cycle, so a checked file is freed at once
    node: Node | None = None  # YAML: kept from composing; JSON: built on demand
    problems: list[Problem] = field(default_factory=list)

    def root_node(self) -> Node | None:
        if self.node is None and self.source.format == "json":
            from personalint.jsonnodes import compose

            self.node = compose(self.source.text)
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
        return _node_span(root, index)

    def span(self, pointer: str, at: str = "value") -> Span:
        """Where `pointer` sits: its value, its key, or (for a missing key) its container."""
        root = self.root_node()
        index = self.source.lines
        if root is None:
            return Span(1, 1, 1, 1)
        node, key_node = _find(root, jp.split(pointer))
        if at == "key" and key_node is not None:
            node = key_node
        elif at == "container":
            return _container_span(node, key_node, index)
        return _node_span(node, index)


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


@dataclass
class SourceFile:
    path: str
    content: Text
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # file-level, spans known

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def format(self) -> str:
        return self.content.format

    @property
    def lines(self) -> LineIndex:
        return self.content.lines


def detect_format(path: str, text: str) -> str:
    lowered = path.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is dropped) or UTF-16/32 with a BOM. Raises UnicodeDecodeError."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def load(path: str, data: bytes, format: str | None = None, check_duplicates: bool = True) -> SourceFile:
    """Parse a file's bytes into documents; what cannot be parsed becomes a file-level problem."""
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        source = SourceFile(path, Text(data.decode("utf-8", "replace"), format or "json"))
        line, column = source.lines.position(len(data[: exc.start].decode("utf-8", "replace")))
        source.problems.append(
            Problem(PARSE_ERROR, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                    span=Span(line, column, line, column + 1))
        )
        return source
    source = SourceFile(path, Text(text, format or detect_format(path, text)))
    if "\x00" in text:
        offset = text.index("\x00")
        line, column = source.lines.position(offset)
        source.problems.append(
            Problem(PARSE_ERROR, "the file contains a NUL byte: it is binary, not JSON or YAML",
                    span=Span(line, column, line, column + 1))
        )
        return source
    if source.format == "json":
        _load_json(source, check_duplicates)
    else:
        _load_yaml(source, check_duplicates)
    return source


# --- JSON -----------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _load_json(source: SourceFile, check_duplicates: bool) -> None:
    text = source.text
    if not text.strip():
        source.problems.append(Problem(EMPTY_DOCUMENT, "the file is empty", span=Span(1, 1, 1, 1)))
        return
    duplicates = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
        nonlocal duplicates
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            duplicates = True
        return mapping

    try:
        value = json.loads(text, object_pairs_hook=pairs_hook if check_duplicates else None,
                           parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        line, column = source.lines.position(exc.pos)
        source.problems.append(Problem(PARSE_ERROR, f"invalid JSON: {exc.msg}",
                                       span=Span(line, column, line, column + 1)))
        return
    except RecursionError:
        source.problems.append(Problem(PARSE_ERROR, "invalid JSON: nested too deeply to check",
                                       span=Span(1, 1, 1, 2)))
        return
    except ValueError as exc:  # NaN/Infinity, integers too long to convert
        source.problems.append(Problem(PARSE_ERROR, f"invalid JSON: {exc}", span=Span(1, 1, 1, 2)))
        return
    document = Document(0, value, source.content)
    if duplicates:
        root = document.root_node()
        document.problems.extend(_duplicate_problems(root, _json_duplicates(root), source.lines))
    source.documents.append(document)


# --- YAML -----------------------------------------------------------------------------


@cache
def _yaml_loader_class() -> type:
    """Safe loading (never arbitrary objects), libyaml's parser when PyYAML has it.

    The loader remembers keys repeated within one mapping. Duplicates are found before
    PyYAML flattens merge keys (`<<`), since a key that overrides a merged one is not one.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.duplicates: list[tuple[Node, Node, Node]] = []  # (mapping, repeated key, first key)

        def construct_mapping(self, node: Node, deep: bool = False) -> dict:
            if node.id == "mapping":
                names = [key.value if key.id == "scalar" else id(key) for key, _ in node.value]
                if len(set(names)) != len(names):  # rare: look closer (merge keys are not duplicates)
                    first: dict[tuple, Node] = {}
                    for key, _ in node.value:
                        identity = _key_identity(key)
                        if key.tag == _MERGE_TAG:
                            continue
                        if identity in first:
                            self.duplicates.append((node, key, first[identity]))
                        else:
                            first[identity] = key
            return super().construct_mapping(node, deep=deep)

    return Loader


def _key_identity(node: Node) -> tuple:
    return (node.tag, node.value) if node.id == "scalar" else (node.tag, id(node))


def _load_yaml(source: SourceFile, check_duplicates: bool) -> None:
    import yaml

    loader = _yaml_loader_class()(source.text)
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            loader.duplicates = []
            value = loader.construct_document(node)
            document = Document(index, value, source.content, node)
            if check_duplicates and loader.duplicates:
                document.problems.extend(_duplicate_problems(node, loader.duplicates, source.lines))
            source.documents.append(document)
            index += 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        source.problems.append(Problem(PARSE_ERROR, f"invalid YAML: {message}",
                                       span=Span(line, column, line, column + 1)))
    except yaml.YAMLError as exc:
        source.problems.append(Problem(PARSE_ERROR, f"invalid YAML: {exc}", span=Span(1, 1, 1, 2)))
    except RecursionError:
        source.problems.append(Problem(PARSE_ERROR, "invalid YAML: nested too deeply to check",
                                       span=Span(1, 1, 1, 2)))
    finally:
        loader.dispose()
    if not source.documents and not source.problems:
        source.problems.append(Problem(EMPTY_DOCUMENT, "the file holds no document", span=Span(1, 1, 1, 1)))


# --- positions ------------------------------------------------------------------------


def _scalar_key(node: Node) -> str | None:
    return node.value if node.id == "scalar" else None


def _find(root: Node, tokens: list[str]) -> tuple[Node, Node | None]:
    """The deepest node on the way to `tokens`, and the key node that holds it (if any)."""
    node, key_node = root, None
    for token in tokens:
        if node.id == "mapping":
            # after loading, merged (`<<`) pairs come first and explicit ones last: the last match wins
            matches = [(k, v) for k, v in node.value if _scalar_key(k) == token]
            if not matches:
                return node, key_node
            k, v = matches[-1]
            node, key_node = v, k
        elif node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
            node, key_node = node.value[int(token)], None
        else:
            return node, key_node
    return node, key_node


def _node_span(node: Node, index: LineIndex) -> Span:
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


def _container_span(node: Node, key_node: Node | None, index: LineIndex) -> Span:
    """Where to report a key missing from `node`: the key that holds it, or where the mapping starts."""
    if key_node is not None:
        return _node_span(key_node, index)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return Span(line, column, line, column + 1)


def _json_duplicates(root: Node | None) -> list[tuple[Node, Node, Node]]:
    found: list[tuple[Node, Node, Node]] = []
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
            stack.extend((jp.join(here, _scalar_key(k) or "?"), v) for k, v in node.value)
        elif node.id == "sequence":
            stack.extend((jp.join(here, i), item) for i, item in enumerate(node.value))
    return pointers


def _duplicate_problems(root: Node | None, duplicates: list[tuple[Node, Node, Node]], index: LineIndex) -> list[Problem]:
    """One problem per repeated key, at the repetition, naming the line of the first."""
    if root is None:
        return []
    pointers = _mapping_pointers(root)
    problems = []
    for mapping, key, first in duplicates:
        name = _scalar_key(key) or "?"
        problems.append(Problem(
            DUPLICATE_KEY,
            f"duplicate key '{name}' (first at line {first.start_mark.line + 1}); only the last value takes effect",
            pointer=jp.join(pointers.get(id(mapping), ""), name), at="key", span=_node_span(key, index),
        ))
    return problems
