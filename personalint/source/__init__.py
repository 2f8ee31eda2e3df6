"""Bytes to documents: values for the checks, source nodes for exact positions.

JSON goes through the standard library's C parser, YAML through PyYAML's safe
loader (libyaml when available). Both keep what is needed to find any JSON
Pointer in the text later, but positions are only computed for findings:
YAML keeps the node tree it composes anyway; JSON re-scans its text
(`jsonnodes`) only when a finding needs a position.

No input may break the run, hang it or exhaust its memory. Limits, each reported as a
finding at its position (rules/limits.yaml):

- a file larger than `DEFAULT_MAX_FILE_SIZE` (configurable) is not read (PF080; checker.py);
- a document nested more than `MAX_DEPTH` levels is not checked (PF081): libyaml's composer
  would overflow the C stack, and every later walk would recurse;
- a YAML document whose aliases add more than `MAX_ALIAS_NODES` values or
  `MAX_ALIAS_CHARACTERS` characters ("billion laughs"), or whose alias refers to a
  collection that contains it, is not checked (PF082): aliases are expanded by reference
  when loading, but every walk afterwards (schema, rules, secret scan) pays for the copies.

YAML is composed here from libyaml's events (iteratively: no recursion, whatever the depth),
so these limits are enforced while composing, before anything walks the document. A YAML
stream with one bad document still has its other documents checked; tags never construct
objects (only the YAML 1.1 core types); a key that is not a string (`1:`, `on:`, `null:`)
is kept as written, as JSON would have it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from personalint import pointer as jp
from personalint.finding import Problem, Span
from personalint.ids import ALIAS_LIMIT, DUPLICATE_KEY, EMPTY_DOCUMENT, NESTED_TOO_DEEPLY, PARSE_ERROR
from personalint.source.limits import MAX_ALIAS_CHARACTERS, MAX_ALIAS_NODES, MAX_BAD_DOCUMENTS, MAX_DEPTH

Node = Any  # a PyYAML node, or a `jsonnodes` node of the same shape (`id`, `value`, marks)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
            from personalint.source.json_nodes import compose

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


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
)


def _encoding(data: bytes) -> tuple[str, str, int]:
    """(codec, name for messages, BOM length) of a file's bytes: UTF-8 unless a BOM says otherwise."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    return "utf-8", "UTF-8", 0


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is dropped) or UTF-16/32 with a BOM. Raises UnicodeDecodeError."""
    codec, _, bom = _encoding(data)
    return data[bom:].decode(codec)


def text_of(data: bytes) -> str:
    """The text positions are counted in: `decode`, with undecodable bytes replaced."""
    codec, _, bom = _encoding(data)
    return data[bom:].decode(codec, "replace")


def load(path: str, data: bytes, format: str | None = None, check_duplicates: bool = True) -> SourceFile:
    """Parse a file's bytes into documents; what cannot be parsed becomes a file-level problem."""
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        codec, name, bom = _encoding(data)
        text = text_of(data)
        source = SourceFile(path, Text(text, format or detect_format(path, text)))
        at = bom + exc.start  # exc.start counts from the end of the BOM
        offset = len(data[bom:at].decode(codec, "replace"))
        line, column = source.lines.position(min(offset, len(text)))
        byte = data[at] if at < len(data) else 0
        source.problems.append(
            Problem(
                PARSE_ERROR,
                f"the file is not valid {name} (byte 0x{byte:02x} at offset {at})",
                span=Span(line, column, line, column + 1),
            )
        )
        return source
    source = SourceFile(path, Text(text, format or detect_format(path, text)))
    if "\x00" in text:
        offset = text.index("\x00")
        line, column = source.lines.position(offset)
        utf16 = len(data) >= 4 and data.count(0, 0, 64) * 3 >= min(len(data), 64)
        hint = (
            "it looks like UTF-16 without a byte order mark: save it as UTF-8"
            if utf16
            else "it is binary, not JSON or YAML"
        )
        source.problems.append(
            Problem(PARSE_ERROR, f"the file contains a NUL byte: {hint}", span=Span(line, column, line, column + 1))
        )
        return source
    if source.format == "json":
        _load_json(source, check_duplicates)
    else:
        _load_yaml(source, check_duplicates)
    return source


def _at(source: SourceFile, offset: int, rule: str, message: str) -> Problem:
    line, column = source.lines.position(offset)
    return Problem(rule, message, span=Span(line, column, line, column + 1))


def _too_deep(limit: int) -> str:
    return f"nested more than {limit} levels deep: the document is not checked"


# --- JSON -----------------------------------------------------------------------------

# strings (closed or not, so a scan never backtracks) and brackets
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.DOTALL)
_LONG_INTEGER = re.compile(r"(?<![\w.\"])-?\d{4000,}")


def _json_too_deep(text: str, limit: int) -> int | None:
    """The offset of the first bracket nested deeper than `limit`, if any (no parse needed)."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif char in "]}":
            depth -= 1
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _load_json(source: SourceFile, check_duplicates: bool) -> None:
    text = source.text
    if not text.strip():
        source.problems.append(Problem(EMPTY_DOCUMENT, "the file is empty", span=Span(1, 1, 1, 1)))
        return
    deep = _json_too_deep(text, MAX_DEPTH)
    if deep is not None:
        source.problems.append(_at(source, deep, NESTED_TOO_DEEPLY, _too_deep(MAX_DEPTH)))
        return
    duplicates = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
        nonlocal duplicates
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            duplicates = True
        return mapping

    try:
        value = json.loads(
            text, object_pairs_hook=pairs_hook if check_duplicates else None, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        line, column = source.lines.position(exc.pos)
        source.problems.append(
            Problem(PARSE_ERROR, f"invalid JSON: {exc.msg}", span=Span(line, column, line, column + 1))
        )
        return
    except RecursionError:  # pragma: no cover - _json_too_deep refuses such texts first
        source.problems.append(Problem(NESTED_TOO_DEEPLY, _too_deep(MAX_DEPTH), span=Span(1, 1, 1, 2)))
        return
    except ValueError as exc:  # NaN/Infinity, integers too long to convert
        message = str(exc)
        long_number = _LONG_INTEGER.search(text) if "digits" in message else None
        if long_number:
            digits = len(long_number.group().lstrip("-"))
            source.problems.append(
                _at(
                    source,
                    long_number.start(),
                    PARSE_ERROR,
                    f"invalid JSON: a number of {digits:,} digits is too long to read",
                )
            )
        else:
            where = re.search(r"-?\b(?:NaN|Infinity)\b", text) if "not valid JSON" in message else None
            source.problems.append(_at(source, where.start() if where else 0, PARSE_ERROR, f"invalid JSON: {message}"))
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
    A value its constructor cannot make (a date with month 13, an integer too long to
    convert, `!!int abc`) is a YAML error at that value, not an exception of another kind.
    """
    import yaml
    from yaml.constructor import ConstructorError

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.duplicates: list[tuple[Node, Node, Node]] = []  # (mapping, repeated key, first key)

        def construct_object(self, node: Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (yaml.YAMLError, RecursionError, MemoryError):
                raise
            except Exception as exc:
                detail = str(exc).split("; use sys.set_int_max_str_digits", 1)[0]
                raise ConstructorError(
                    None, None, f"cannot read this value as {_tag_name(node.tag)}: {detail}", node.start_mark
                ) from None

        def construct_mapping(self, node: Node, deep: bool = False) -> dict:
            if node.id != "mapping":
                raise ConstructorError(None, None, f"expected a mapping, but found a {node.id}", node.start_mark)
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
            self.flatten_mapping(node)
            mapping: dict = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str):
                    if key_node.id != "scalar":
                        raise ConstructorError(
                            "while constructing a mapping",
                            node.start_mark,
                            f"found a {key_node.id} as a key: keys must be strings",
                            key_node.start_mark,
                        )
                    key = key_node.value  # `1:`, `on:`, `null:` as written, as JSON has them
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    return Loader


def _tag_name(tag: str) -> str:
    """`!!int` for YAML's own tags, a local tag (`!Ref`) as written."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _key_identity(node: Node) -> tuple:
    return (node.value,) if node.id == "scalar" else (node.tag, id(node))


_UNUSUAL_BREAKS = re.compile("[\x85\u2028\u2029]")  # line breaks to YAML 1.1, not to editors (or LineIndex)


class _Refused(Exception):
    """A document beyond a limit, found while composing it."""

    def __init__(self, rule: str, message: str, mark: Any) -> None:
        super().__init__(message)
        self.rule, self.message, self.mark = rule, message, mark


class _Stream:
    """Composing the documents of one YAML segment from libyaml's events, within the limits."""

    def __init__(self, loader: Any, remap: Any) -> None:
        self.loader = loader
        self.remap = remap  # mark -> mark counted as LineIndex counts lines, or None
        self.document_line = 0  # where the document being composed starts (0-based line)

    def mark(self, mark: Any) -> Any:
        return self.remap(mark) if self.remap else mark

    def skip_document(self) -> None:
        import yaml.events as ev

        while not isinstance(self.loader.get_event(), ev.DocumentEndEvent):
            pass

    def compose(self) -> Node:
        """The node tree of the document whose DocumentStartEvent was just read."""
        import yaml.events as ev
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        get, resolve, mark = self.loader.get_event, self.loader.resolve, self.mark
        anchors: dict[str, Node] = {}
        sizes: dict[int, tuple[int, int, int]] = {}  # anchored node -> (values, characters, depth) expanded
        open_anchored: set[int] = set()
        # frames: [node, pending key, values, characters, depth below]
        stack: list[list[Any]] = []
        added_nodes = added_characters = 0
        root: Node | None = None
        while True:
            event = get()
            kind = type(event)
            if kind is ev.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, event.value, event.implicit)
                node = ScalarNode(tag, event.value, mark(event.start_mark), mark(event.end_mark), style=event.style)
                size = (1, len(event.value), 0)
                if event.anchor is not None:
                    self._anchor(anchors, event, node)
                    sizes[id(node)] = size
            elif kind is ev.AliasEvent:
                node = anchors.get(event.anchor)  # type: ignore[assignment]
                if node is None:
                    raise _ComposeError(f"found undefined alias '{event.anchor}'", mark(event.start_mark))
                if id(node) in open_anchored:
                    raise _Refused(
                        ALIAS_LIMIT,
                        f"the alias *{event.anchor} refers to a collection that contains "
                        "it: the document would be infinite, and is not checked",
                        mark(event.start_mark),
                    )
                size = sizes[id(node)]
                added_nodes += size[0]
                added_characters += size[1]
                if added_nodes > MAX_ALIAS_NODES or added_characters > MAX_ALIAS_CHARACTERS:
                    raise _Refused(
                        ALIAS_LIMIT,
                        f"aliases expand this document beyond {MAX_ALIAS_NODES:,} values "
                        f"or {MAX_ALIAS_CHARACTERS:,} characters (an alias bomb?): it is not checked",
                        mark(event.start_mark),
                    )
                if len(stack) + size[2] > MAX_DEPTH:
                    raise _Refused(
                        NESTED_TOO_DEEPLY,
                        _too_deep(MAX_DEPTH) + f" (through the alias *{event.anchor})",
                        mark(event.start_mark),
                    )
            elif kind is ev.SequenceStartEvent or kind is ev.MappingStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(NESTED_TOO_DEEPLY, _too_deep(MAX_DEPTH), mark(event.start_mark))
                tag = event.tag
                node_class = SequenceNode if kind is ev.SequenceStartEvent else MappingNode
                if tag is None or tag == "!":
                    tag = resolve(node_class, None, event.implicit)
                node = node_class(tag, [], mark(event.start_mark), None, flow_style=event.flow_style)
                if event.anchor is not None:
                    self._anchor(anchors, event, node)
                    open_anchored.add(id(node))
                stack.append([node, None, 1, 0, 0])
                continue
            elif kind is ev.SequenceEndEvent or kind is ev.MappingEndEvent:
                node, _, values, characters, below = stack.pop()
                node.end_mark = mark(event.end_mark)
                size = (values, characters, below + 1)
                if id(node) in open_anchored:
                    open_anchored.discard(id(node))
                    sizes[id(node)] = size
            else:  # pragma: no cover - libyaml emits nothing else inside a document
                raise _ComposeError(f"unexpected {kind.__name__}", mark(event.start_mark))
            if not stack:
                root = node
                event = get()  # the DocumentEndEvent
                return root
            frame = stack[-1]
            frame[2] += size[0]
            frame[3] += size[1]
            if size[2] > frame[4]:
                frame[4] = size[2]
            container = frame[0]
            if container.id == "sequence":
                container.value.append(node)
            elif frame[1] is None:
                frame[1] = node
            else:
                container.value.append((frame[1], node))
                frame[1] = None

    def _anchor(self, anchors: dict[str, Node], event: Any, node: Node) -> None:
        if event.anchor in anchors:
            raise _ComposeError(
                f"found duplicate anchor '&{event.anchor}' (first at line {anchors[event.anchor].start_mark.line + 1})",
                self.mark(event.start_mark),
            )
        anchors[event.anchor] = node


class _ComposeError(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


def _remapper(source: SourceFile, delta: int) -> Any:
    """Marks re-counted from their character offset, as LineIndex (and editors) count lines."""
    from personalint.source.json_nodes import Mark

    lines = source.lines

    def remap(mark: Any) -> Any:
        offset = min(max(mark.index + delta, 0), len(source.text))
        line, column = lines.position(offset)
        return Mark(offset, line - 1, column - 1)

    return remap


def _load_yaml(source: SourceFile, check_duplicates: bool) -> None:
    """Every document of a YAML stream; after a syntax error, go on at the next `---` line."""
    text = source.text
    unusual = bool(_UNUSUAL_BREAKS.search(text))
    index, start_line, bad = 0, 0, 0
    reported: set[tuple] = set()
    while True:
        offset = source.lines.starts[start_line] if start_line else 0
        # blank lines in place of what was read already, so marks keep the file's line numbers
        segment = "\n" * start_line + text[offset:] if start_line else text
        remap = _remapper(source, offset - start_line) if unusual else None
        index, failed_at, document_line = _load_segment(source, segment, index, check_duplicates, remap, reported)
        if failed_at is None:
            break
        bad += 1
        resume = _next_document_marker(source.lines, max(failed_at, document_line + 1, start_line + 1))
        if resume is None:
            break
        if bad >= MAX_BAD_DOCUMENTS:
            line_number = resume + 1
            source.problems.append(
                Problem(
                    PARSE_ERROR,
                    f"invalid YAML: {bad} documents of this stream do not parse; the rest of it is not checked",
                    span=Span(line_number, 1, line_number, 4),
                )
            )
            break
        start_line = resume
    if not source.documents and not source.problems:
        source.problems.append(Problem(EMPTY_DOCUMENT, "the file holds no document", span=Span(1, 1, 1, 1)))


def _next_document_marker(lines: LineIndex, first: int) -> int | None:
    """The 0-based line of the first `---` document marker at or after 0-based line `first`."""
    for line in range(first, lines.line_count()):
        text = lines.line_text(line + 1)
        if text.startswith("---") and (len(text) == 3 or text[3] in " \t"):
            return line
    return None


def _load_segment(
    source: SourceFile, segment: str, index: int, check_duplicates: bool, remap: Any, reported: set[tuple]
) -> tuple[int, int | None, int]:
    """Load the documents of `segment` into `source`: (next document index, the 0-based line
    where a syntax error stopped the stream or None, the line where its document started)."""
    import yaml
    import yaml.events as ev

    def problem(rule: str, message: str, mark: Any) -> None:
        line, column = _inside(source.lines, mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        key = (rule, message, line, column)
        if key not in reported:
            reported.add(key)
            source.problems.append(Problem(rule, message, span=Span(line, column, line, column + 1)))

    loader = _yaml_loader_class()(segment)
    stream = _Stream(loader, remap)
    try:
        loader.get_event()  # StreamStartEvent
        while True:
            event = loader.get_event()
            if isinstance(event, ev.StreamEndEvent):
                return index, None, stream.document_line
            start = stream.mark(event.start_mark)
            stream.document_line = start.line
            this = index
            index += 1
            try:
                node = stream.compose()
            except (_Refused, _ComposeError) as exc:
                problem(
                    exc.rule if isinstance(exc, _Refused) else PARSE_ERROR,
                    exc.message if isinstance(exc, _Refused) else f"invalid YAML: {exc.message}",
                    exc.mark,
                )
                stream.skip_document()
                continue
            loader.duplicates = []
            try:
                value = loader.construct_document(node)
            except yaml.MarkedYAMLError as exc:
                _reset(loader)
                problem(PARSE_ERROR, _yaml_message(exc), exc.problem_mark or exc.context_mark or start)  # node marks
                continue
            except (RecursionError, MemoryError, yaml.YAMLError) as exc:  # pragma: no cover - limits come first
                _reset(loader)
                problem(PARSE_ERROR, f"invalid YAML: {type(exc).__name__}: {exc}", start)
                continue
            document = Document(this, value, source.content, node)
            if check_duplicates and loader.duplicates:
                document.problems.extend(_duplicate_problems(node, loader.duplicates, source.lines))
            source.documents.append(document)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        mark = stream.mark(mark) if mark is not None else None
        problem(PARSE_ERROR, _yaml_message(exc), mark)
        return index, mark.line if mark is not None else stream.document_line, stream.document_line
    except yaml.YAMLError as exc:
        problem(PARSE_ERROR, f"invalid YAML: {exc}", None)
        return index, stream.document_line, stream.document_line
    finally:
        loader.dispose()


def _inside(lines: LineIndex, line: int, column: int) -> tuple[int, int]:
    """A position inside the text: libyaml puts the end of a stream after a last line break
    the file may not have."""
    if line > lines.line_count():
        line = lines.line_count()
        column = len(lines.line_text(line)) + 1
    return line, min(column, len(lines.line_text(line)) + 1)


def _reset(loader: Any) -> None:
    """A constructor error leaves state behind; the next document starts clean."""
    loader.constructed_objects = {}
    loader.recursive_objects = {}
    loader.state_generators = []
    loader.deep_construct = False


def _yaml_message(exc: Any) -> str:
    problem = str(exc.problem or "")
    tag = re.match(r"could not determine a constructor for the tag '([^']*)'", problem)
    if tag:
        return (
            f"invalid YAML: unknown tag '{_tag_name(tag.group(1))}': personalint reads plain data "
            "and never constructs objects from tags"
        )
    return "invalid YAML: " + " ".join(str(part) for part in (exc.context, exc.problem) if part)


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


def _duplicate_problems(
    root: Node | None, duplicates: list[tuple[Node, Node, Node]], index: LineIndex
) -> list[Problem]:
    """One problem per repeated key, at the repetition, naming the line of the first."""
    if root is None:
        return []
    pointers = _mapping_pointers(root)
    problems = []
    for mapping, key, first in duplicates:
        name = _scalar_key(key) or "?"
        problems.append(
            Problem(
                DUPLICATE_KEY,
                f"duplicate key '{name}' (first at line {first.start_mark.line + 1}); only the last value takes effect",
                pointer=jp.join(pointers.get(id(mapping), ""), name),
                at="key",
                span=_node_span(key, index),
            )
        )
    return problems
