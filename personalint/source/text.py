"""A file's bytes as text: BOM-aware decoding, and the one index from offsets to lines and columns."""

from __future__ import annotations

import re
from bisect import bisect_right

# the line breaks editors (and JSON) count; YAML 1.1's NEL and LS/PS are remapped to these (yaml.py)
LINE_BREAK = re.compile(r"\r\n|\r|\n")

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
)


class LineIndex:
    """Offsets of line starts, so any character offset maps to a line and column."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
            return
        # the common text, with \n breaks only: found by str.find in C, in time with the lines, not
        # the characters (the pattern of alternatives looks at every character of a 20 KB prompt)
        starts, find = [0], text.find
        at = find("\n")
        while at != -1:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
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


def encoding(data: bytes) -> tuple[str, str, int]:
    """(codec, name for messages, BOM length) of a file's bytes: UTF-8 unless a BOM says otherwise."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    return "utf-8", "UTF-8", 0


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is dropped) or UTF-16/32 with a BOM. Raises UnicodeDecodeError."""
    codec, _, bom = encoding(data)
    return data[bom:].decode(codec)


def text_of(data: bytes) -> str:
    """The text positions are counted in: `decode`, with undecodable bytes replaced."""
    codec, _, bom = encoding(data)
    return data[bom:].decode(codec, "replace")
