"""Persona configs in documentation: fenced code blocks of Markdown/MDX, `<pre>`/`<code>` blocks of HTML.

Each block goes to the reader of its language (the info string: json, yaml, ts, js, python,
sh, ...) as a text of its own, the block's content as markdown-it-py gives it (a list's
indentation and a blockquote's `>` markers removed). Every position that reader finds is then
moved to the file's own (`Place`): line by line, each content line's offset in the file is
known, so a finding points at the key or value in the .md file, at its exact line and column.
HTML blocks are read the same way once their character references are decoded: each decoded
character maps back to the text or the `&quot;` it came from.

Documentation is full of other JSON and YAML (package.json, tsconfig, workflow snippets): a
JSON/YAML block becomes a document only when it is a persona config (its kind can be told, and
it is no API reply); one that does not parse is reported only when it holds persona keys.
TypeScript, JavaScript, Python and shell blocks keep what their readers find. A `jsonc`/`json5`
block has its comments and trailing commas blanked first; a `json` block is read as JSON.

Not read: indented code blocks (in .mdx an indented block holding a fence is read as Markdown
again), raw HTML inside Markdown, `<script>` contents of HTML, code blocks with tabs in their
indentation are read but their columns may be off by the tab's width.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from typing import Any

from personalint.kinds import SESSION_WRAPPER_KEYS, VENDOR_KEYS
from personalint.kinds.detect import detect, persona_shape
from personalint.source.code import PERSONA_PATHS
from personalint.source.document import SourceFile, Text
from personalint.source.relocate import Place, move
from personalint.source.text import LineIndex

__all__ = ["HINTS", "hinted", "is_persona", "load_html", "load_markdown", "read_block"]

_LANGUAGES = {
    "json": "json", "jsonc": "json", "json5": "json",
    "yaml": "yaml", "yml": "yaml",
    "ts": "typescript", "tsx": "typescript", "typescript": "typescript", "mts": "typescript",
    "js": "javascript", "jsx": "javascript", "javascript": "javascript", "mjs": "javascript", "node": "javascript",
    "py": "python", "python": "python", "python3": "python",
    "sh": "shell", "bash": "shell", "shell": "shell", "console": "shell", "zsh": "shell", "curl": "shell",
    "shell-session": "shell", "shellsession": "shell",
}  # fmt: skip
_LENIENT = frozenset({"jsonc", "json5"})  # comments and trailing commas allowed
PERSONA_KEYS = frozenset().union(*VENDOR_KEYS.values()) | SESSION_WRAPPER_KEYS
# a block (or file) without one of these holds no persona config: it is never parsed
HINTS = tuple(sorted(PERSONA_KEYS | {"tavusapi", "anam.ai", *PERSONA_PATHS}))
_GENERIC = frozenset({"context", "layers", "brain"})  # persona keys that other JSON has too
_UNTERMINATED = 4096  # characters after an unterminated HTML tag or comment still read (the rest is not)
_NESTING = 4  # how deep an .mdx indented block holding a fence is read as Markdown again


def hinted(text: str) -> bool:
    return any(hint in text for hint in HINTS)


class _Texts:
    """The file's text once per format (a YAML document's checks look at its format), each indexed once."""

    def __init__(self, source: SourceFile) -> None:
        self.source, self.texts = source, {source.format: source.content}

    def __call__(self, format: str) -> Text:
        if format not in self.texts:
            self.texts[format] = Text(self.source.text, format)
        return self.texts[format]


def read_block(
    source: SourceFile,
    texts: _Texts,
    language: str,
    block: str,
    offset: Callable[[int], int],
    check_duplicates: bool,
    lenient: bool = False,
) -> None:
    """Read `block` with its language's reader; keep what is a persona config, at the file's positions."""
    from personalint.source import FORMATS

    if not block.strip() or not hinted(block):
        return
    inner = SourceFile(source.path, Text(_blank_comments(block) if lenient else block, language))
    try:
        FORMATS[language].load(inner, check_duplicates)
    except ImportError:  # that language's reader is not there (yet)
        return
    code = FORMATS[language].code
    documents = [d for d in inner.documents if code or is_persona(d.value)]
    place = Place(inner.lines, offset, texts(language))
    if code or documents or (not inner.documents and _looks_like_persona(block)):
        source.problems.extend(place.problem(p) for p in inner.problems)
    for document in documents:
        move(document, Place(document.source.lines, offset, texts(document.source.format)))
        document.index = len(source.documents)
        source.documents.append(document)


def is_persona(value: object) -> bool:
    """A persona config in documentation: an object whose keys clearly make it one
    (kinds/detect.py persona_shape: `{"system_prompt": ..., "temperature": 0.3}` is an LLM
    call's settings, not a Tavus persona), or a JSON Patch list of operations."""
    if isinstance(value, list):
        return detect(value).kind is not None
    return persona_shape(value) is not None


def _looks_like_persona(block: str) -> bool:
    """Whether a block that does not parse was meant as a persona config: it names persona keys."""
    keys = {key for key in PERSONA_KEYS if f'"{key}"' in block or f"{key}:" in block}
    return len(keys) >= 2 or bool(keys - _GENERIC)


# Markdown


class _View:
    """Lines of Markdown text: each one's file line and how many characters of it come before it."""

    def __init__(self, text: str, lines: list[int] | None = None, prefixes: list[int] | None = None) -> None:
        self.text, self.lines, self.prefixes = text, lines, prefixes
        self.split = text.split("\n") if lines is not None else None

    def line(self, source: SourceFile, index: int) -> tuple[int, int, str]:
        """(file line, 0-based; characters before; text) of a line of the view."""
        if self.lines is None or self.prefixes is None or self.split is None:
            return index, 0, source.lines.line_text(index + 1)
        index = min(index, len(self.lines) - 1)
        return self.lines[index], self.prefixes[index], self.split[index]


@cache
def _parser() -> Any:
    """One block-level CommonMark parser (a parse keeps its state apart; making one costs more than most parses)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def prepare_markdown() -> None:
    """markdown-it-py imported and its parser made (source.prepare)."""
    _parser()


def load_markdown(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona config in a fenced code block of a Markdown or MDX file."""
    text = source.text
    if ("```" not in text and "~~~" not in text) or not hinted(text):
        return
    parser = _parser()
    mdx = source.path.lower().endswith(".mdx")
    texts = _Texts(source)
    views = [(_View(text), 0)]
    while views:
        view, depth = views.pop()
        for token in parser.parse(view.text):
            if token.map is None or token.type not in ("fence", "code_block"):
                continue
            if token.type == "code_block" and not (mdx and depth < _NESTING and "``" in token.content):
                continue
            lines, prefixes, parts = _content(source, view, token.map[0] + (token.type == "fence"), token.content)
            if not parts:
                continue
            if token.type == "code_block":
                views.append((_View("\n".join(parts), lines, prefixes), depth + 1))
                continue
            info = token.info.strip().lower()
            name = "".join(char if char.isalnum() or char in "+-_" else " " for char in info).split(" ")[0]
            language = _LANGUAGES.get(name)
            if language is not None:
                block = "\n".join(parts) + "\n"
                offset = _offsets(source, parts, lines, prefixes)
                read_block(source, texts, language, block, offset, check_duplicates, name in _LENIENT)


def _content(source: SourceFile, view: _View, first: int, content: str) -> tuple[list[int], list[int], list[str]]:
    """The file line, the characters before, and the text of each content line of a block."""
    lines, prefixes, parts = [], [], []
    for number, part in enumerate(content.split("\n")[: content.count("\n")]):
        line, before, raw = view.line(source, first + number)
        # markdown-it removed a list's indentation and a blockquote's markers; a tab it expands may differ
        lines.append(line)
        prefixes.append(before + max(len(raw) - len(part), 0))
        parts.append(part)
    return lines, prefixes, parts


def _offsets(source: SourceFile, parts: list[str], lines: list[int], prefixes: list[int]) -> Callable[[int], int]:
    """Offset in the block's text → offset in the file, line by line."""
    starts = [0]
    for part in parts[:-1]:
        starts.append(starts[-1] + len(part) + 1)
    file_starts = source.lines.starts

    def offset(local: int) -> int:
        index = bisect_right(starts, local) - 1
        return file_starts[lines[index]] + prefixes[index] + local - starts[index]

    return offset


def _blank_comments(text: str) -> str:
    """JSONC/JSON5 → JSON of the same length: comments and trailing commas become blanks."""
    chars, i, n = list(text), 0, len(text)
    comma: int | None = None  # the last comma outside strings, while only blanks follow it
    while i < n:
        char = text[i]
        if char == '"':
            end = _string_end(text, i + 1)
            comma, i = None, end
        elif text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n" if char + text[i + 1] == "//" else "*/", i + 2)
            end = n if end < 0 else end + (2 if text[i + 1] == "*" else 0)
            chars[i:end] = [c if c in "\r\n" else " " for c in text[i:end]]
            i = end
        else:
            if char in "}]" and comma is not None:
                chars[comma] = " "
            if not char.isspace():
                comma = i if char == "," else None
            i += 1
    return "".join(chars)


def _string_end(text: str, i: int) -> int:
    """The offset after the string whose content starts at `i` (or the text's end)."""
    n = len(text)
    while i < n:
        char = text[i]
        if char == '"':
            return i + 1
        i += 2 if char == "\\" else 1
    return n


# HTML


def load_html(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona config in a `<pre>` or `<code>` block of an HTML file (JSON, with
    character references decoded and markup inside, such as a highlighter's spans, left out)."""
    if not hinted(source.text):
        return
    finder = _Blocks(source.text)
    finder.feed(source.text)
    # what is left is an unterminated tag or comment: html.parser's close() reads it in quadratic time
    if len(finder.rawdata) <= _UNTERMINATED:
        finder.close()
    finder.finish()
    texts = _Texts(source)
    for pieces in finder.blocks:
        block = "".join(piece[2] for piece in pieces)
        read_block(source, texts, "json", block, _piece_offsets(pieces), check_duplicates)


Piece = tuple[int, int, str]  # (offset in the file, characters there, decoded text)


def _piece_offsets(pieces: list[Piece]) -> Callable[[int], int]:
    starts, total = [], 0
    for _, _, decoded in pieces:
        starts.append(total)
        total += len(decoded)

    def offset(local: int) -> int:
        index = max(bisect_right(starts, local) - 1, 0)
        at, width, decoded = pieces[index]
        inside = local - starts[index]
        if width == len(decoded):  # text as written
            return at + inside
        return at if inside == 0 else at + width  # a character reference: its start, or its end

    return offset


class _Blocks(HTMLParser):
    """The text of each outermost `<pre>` or `<code>` element: pieces of text and character references."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        lone_cr = "\r" in text and "\r" in text.replace("\r\n", "")
        # html.parser counts lines at "\n" only
        self.starts = _newline_starts(text) if lone_cr else LineIndex(text).starts
        self.blocks: list[list[Piece]] = []
        self._open: str | None = None
        self._pieces: list[Piece] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[min(line - 1, len(self.starts) - 1)] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._open is None and tag in ("pre", "code"):
            self._open, self._pieces = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self.finish()

    def finish(self) -> None:
        if self._open is not None and self._pieces:
            self.blocks.append(self._pieces)
        self._open, self._pieces = None, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._pieces.append((self._offset(), len(data), data))

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, raw: str) -> None:
        if self._open is None:
            return
        at = self._offset()
        if self.text.startswith(";", at + len(raw)):
            raw += ";"
        self._pieces.append((at, len(raw), html.unescape(raw)))


def _newline_starts(text: str) -> list[int]:
    starts, at = [0], text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts
