"""The source stage: the bytes of a file → documents, each with values, a pointer → span map, and its own problems.

The one interface is `load(path, data, format=None, check_duplicates=True) -> SourceFile`:

- the bytes are decoded (`text`: UTF-8, or UTF-16/32 with a BOM); undecodable bytes and NUL
  bytes are a file-level problem (PF001) at their position;
- `detect_format` picks a format from the file name's suffix, else from the content, and that
  format's loader fills the SourceFile: its `documents` (`Document`: `value` for the checks,
  `span(pointer, at)` for positions, `problems` of its own, such as duplicate keys) and its
  file-level `problems` (parse errors, limits, emptiness), each with its span;
- positions are only computed for findings: YAML keeps the node tree it composes anyway; JSON
  re-scans its text (`json_nodes`) when a position is first asked for.

Formats are a registry (`FORMATS`): JSON (`json.py`, the standard library's C parser) and YAML
(`yaml.py`, PyYAML's safe loader, imported on the first YAML file only). A new format is one
module with a `load_<format>(source, check_duplicates)` function plus one line here.

No input may break the run, hang it or exhaust its memory. Limits (`limits.py`), each reported
as a finding at its position (rules/limits.yaml):

- a file larger than `DEFAULT_MAX_FILE_SIZE` (configurable) is not read (PF080; files.py);
- a document nested more than `MAX_DEPTH` levels is not checked (PF081): every later walk of
  it (schema, rules, secret scan) would recurse that deep. JSON's depth is found by a bracket
  scan before parsing; YAML's while composing the document from the parser's events,
  iteratively, whatever the depth and whatever limit the installed parser has (yaml.py);
- a YAML document whose aliases add more than `MAX_ALIAS_NODES` values or
  `MAX_ALIAS_CHARACTERS` characters ("billion laughs"), or whose alias refers to a
  collection that contains it, is not checked (PF082): aliases are expanded by reference
  when loading, but every walk afterwards pays for the copies.

A YAML stream with one bad document still has its other documents checked; tags never
construct objects (only the YAML 1.1 core types); a key that is not a string (`1:`, `on:`,
`null:`) is kept as written, as JSON would have it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from personalint.finding import Problem, Span
from personalint.ids import PARSE_ERROR
from personalint.source.document import Document, SourceFile, Text
from personalint.source.json import load_json
from personalint.source.json import sniff as looks_like_json
from personalint.source.limits import MAX_ALIAS_CHARACTERS, MAX_ALIAS_NODES, MAX_BAD_DOCUMENTS, MAX_DEPTH
from personalint.source.text import LineIndex, decode, encoding, text_of

__all__ = [
    "FORMATS",
    "MAX_ALIAS_CHARACTERS",
    "MAX_ALIAS_NODES",
    "MAX_BAD_DOCUMENTS",
    "MAX_DEPTH",
    "Document",
    "Format",
    "LineIndex",
    "SourceFile",
    "SUFFIXES",
    "Text",
    "decode",
    "detect_format",
    "load",
    "named_format",
    "prepare",
    "text_of",
]


class Format(NamedTuple):
    """A source format: the suffixes that name it, how its content is recognised, how it is loaded."""

    name: str
    suffixes: tuple[str, ...]
    load: Callable[[SourceFile, bool], None]  # fills the SourceFile's documents and problems
    sniff: Callable[[str], bool] | None = None  # for a file whose suffix names no format
    code: bool = False  # application code (or prose) that may hold persona objects among other things
    prepare: Callable[[], None] | None = None  # loads the reader (its parser, queries) before its first file


def _lazy(module: str, function: str) -> Callable[[SourceFile, bool], None]:
    """A loader imported on the first file of its format (tree-sitter, markdown-it-py are heavy)."""

    def load(source: SourceFile, check_duplicates: bool) -> None:
        from importlib import import_module

        getattr(import_module(module), function)(source, check_duplicates)

    return load


def _prepared(module: str, name: str) -> Callable[[], None]:
    """A reader's `prepare`: its module imported, and its `prepare_<name>` called when it has one
    (which compiles its queries, makes its parser)."""

    def prepare() -> None:
        from importlib import import_module

        loaded = import_module(module)
        getattr(loaded, f"prepare_{name}", lambda: None)()

    return prepare


def _code(name: str, suffixes: tuple[str, ...], module: str) -> Format:
    """A code format, read by `load_<name>` of `module` (imported on its first file: tree-sitter and
    markdown-it-py are heavy), prepared by its `prepare_<name>`, if any."""
    path = f"{__name__}.{module}"
    return Format(name, suffixes, _lazy(path, f"load_{name}"), code=True, prepare=_prepared(path, name))


def _load_yaml(source: SourceFile, check_duplicates: bool) -> None:
    # imported here: a run over JSON files never imports PyYAML
    from personalint.source.yaml import load_yaml

    load_yaml(source, check_duplicates)


FORMATS = {
    entry.name: entry
    for entry in (
        Format("json", (".json",), load_json, sniff=looks_like_json),
        Format("yaml", (".yaml", ".yml"), _load_yaml, prepare=_prepared(f"{__name__}.yaml", "yaml")),
        # persona objects inside application code and documentation (source/code.py)
        _code("typescript", (".ts", ".tsx", ".mts", ".cts"), "javascript"),
        _code("javascript", (".js", ".jsx", ".mjs", ".cjs"), "javascript"),
        _code("python", (".py",), "python"),
        _code("markdown", (".md", ".mdx"), "markdown"),
        _code("html", (".html", ".htm"), "markdown"),
        _code("shell", (".sh", ".bash"), "shell"),
    )
}
# what a walk looks for today: the persona files (code formats join once the walk prefilters them)
SUFFIXES = tuple(suffix for entry in FORMATS.values() if not entry.code for suffix in entry.suffixes)
DEFAULT_FORMAT = "yaml"  # what a file is when neither its name nor its content says (YAML holds JSON too)


def named_format(path: str) -> str | None:
    """The name of the format a file's suffix names, or None."""
    lowered = path.lower()
    for entry in FORMATS.values():
        if lowered.endswith(entry.suffixes):
            return entry.name
    return None


def prepare(format: str) -> None:
    """Load a format's reader now, before its first file: a parallel run does so before it forks
    the workers that parse (personalint/parallel.py), which then inherit it loaded."""
    entry = FORMATS[format]
    if entry.prepare is not None:
        entry.prepare()


def detect_format(path: str, text: str) -> str:
    """The name of a file's format: by its suffix, else by its content, else DEFAULT_FORMAT."""
    named = named_format(path)
    if named is not None:
        return named
    for entry in FORMATS.values():
        if entry.sniff is not None and entry.sniff(text):
            return entry.name
    return DEFAULT_FORMAT


def load(path: str, data: bytes, format: str | None = None, check_duplicates: bool = True) -> SourceFile:
    """Parse a file's bytes into documents; what cannot be parsed becomes a file-level problem."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown source format {format!r}: one of {', '.join(FORMATS)}")
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        return _undecodable(path, data, format, exc)
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
    FORMATS[source.format].load(source, check_duplicates)
    return source


def _undecodable(path: str, data: bytes, format: str | None, exc: UnicodeDecodeError) -> SourceFile:
    """A file whose bytes are not text in its encoding: one problem at the first bad byte."""
    codec, name, bom = encoding(data)
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
