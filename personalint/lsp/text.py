"""Open documents and LSP positions: lines as the pipeline counts them, columns in the client's units.

personalint counts 1-based lines and columns in code points (Python str indices); LSP counts
0-based lines and, unless the client and server agreed otherwise at `initialize`, UTF-16 code
units. Lines break at `\\r\\n`, `\\r` and `\\n` only, in LSP as in `source.text.LineIndex`, so the
one line index serves both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from personalint.source.text import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units of `encoding` `text` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def column_of(line_text: str, count: int, encoding: str) -> int:
    """The str index in `line_text` after `count` code units (clamped to the line, as LSP says)."""
    if encoding == UTF32 or line_text.isascii():
        return min(max(count, 0), len(line_text))
    seen = 0
    for index, char in enumerate(line_text):
        if seen >= count:
            return index
        seen += units(char, encoding)
    return len(line_text)


@dataclass
class OpenDocument:
    """A document the client has open: its text as the last change left it, and its version."""

    uri: str
    text: str
    version: int | None = None
    language: str = ""
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    @property
    def path(self) -> str:
        """The file's path for settings and messages: its file system path, else the URI's own path."""
        return uri_path(self.uri)

    def offset(self, line: int, character: int, encoding: str) -> int:
        """The str offset of an LSP position (0-based line, `encoding` units), clamped to the text."""
        starts = self.lines.starts
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        return starts[line] + column_of(self.lines.line_text(line + 1), character, encoding)

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        """The LSP position (0-based line, `encoding` units) of a str offset."""
        line, column = self.lines.position(max(0, min(offset, len(self.text))))
        return self.at(line, column, encoding)

    def at(self, line: int, column: int, encoding: str) -> tuple[int, int]:
        """The LSP position of personalint's 1-based (line, column); a column past the line end stays past it."""
        if line < 1:
            return 0, 0
        if line > self.lines.line_count():
            last = self.lines.line_count()
            return last - 1, units(self.lines.line_text(last), encoding)
        text = self.lines.line_text(line)
        prefix = text[: column - 1]
        return line - 1, units(prefix, encoding) + max(0, column - 1 - len(text))

    def change(self, start: int, end: int, content: str) -> None:
        """Replace the characters [start, end) with `content`."""
        self.text = self.text[:start] + content + self.text[end:]
        self._lines = None


def uri_path(uri: str) -> str:
    """A `file:` URI's file system path; any other URI's path part (an untitled buffer's name)."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        path = unquote(parts.path)
        if os.name == "nt" and path[:1] == "/" and path[2:3] == ":":  # pragma: no cover - Windows drive
            path = path[1:]
        return os.path.normpath(path) if path else uri
    return unquote(parts.path) or uri
