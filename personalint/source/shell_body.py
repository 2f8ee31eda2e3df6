"""A curl body the shell expands, read as JSON: each expansion an Unknown value (shell.py).

Each `$name`, `${...}`, `$(...)` or backquoted command of the body is replaced by a placeholder
before the JSON reader sees it: inside a JSON string, private-use characters as many as the
expansion's (so every other offset stays); where a value goes, a JSON string of them. A string
holding a placeholder becomes an `Unknown` (its text the string with the expansions as written), and
so does a value spliced in raw (`"fillers": $fillerPhrases`, which may expand to anything: its
object is open, and an array holding one is Unknown as a whole). A key holding an expansion is
dropped and its object is open. An expansion that stands where JSON syntax goes (`{$MORE}`,
`"a": 1 $REST`) leaves the body unreadable: PF001 says so, when the request is to a persona endpoint.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from personalint import pointer as jp
from personalint.finding import Problem
from personalint.ids import PARSE_ERROR
from personalint.source.code import Unknown, unknown_pointers
from personalint.source.document import Document
from personalint.source.positions import problem_at
from personalint.source.text import LineIndex

__all__ = ["SYNTAX", "Spliced", "splice"]

SYNTAX = "the body holds shell expansions where JSON syntax goes: not checked"
_BASE = 0xF0000  # plane 15's private-use characters: one per expansion
_LAST = 0xFFFFD
_QUOTE_OR_ESCAPE = re.compile(r'["\\]')


class _Syntax(Exception):
    """A raw expansion in a key: where JSON syntax goes."""

    def __init__(self, index: int) -> None:
        self.index = index


class Spliced:
    """A body's text with its expansions replaced by placeholders, and the way back."""

    def __init__(self, text: str, expansions: list[tuple[int, int]], raw: list[bool]) -> None:
        self.sources = [text[start:end] for start, end in expansions]
        self.raw = raw
        pieces, self.starts, self.breaks = [], [], []  # breaks: (new start, old start, old length or -1)
        new = old = 0
        for index, (start, end) in enumerate(expansions):
            pieces.append(text[old:start])
            self.breaks.append((new, old, -1))
            new += start - old
            marker = chr(_BASE + index) * (max(end - start - 2, 1) if raw[index] else end - start)
            placeholder = f'"{marker}"' if raw[index] else marker
            pieces.append(placeholder)
            self.starts.append(new)
            self.breaks.append((new, start, end - start))
            new, old = new + len(placeholder), end
        pieces.append(text[old:])
        self.breaks.append((new, old, -1))
        self.text = "".join(pieces)
        self._news = [entry[0] for entry in self.breaks]

    def old(self, new: int) -> int:
        """The body's offset of an offset of the spliced text."""
        start, old, length = self.breaks[max(bisect_right(self._news, new) - 1, 0)]
        return old + (new - start if length < 0 else min(new - start, length))

    def syntax_problem(self, lines: LineIndex, error: int) -> Problem | None:
        """PF001 at the raw expansion at or before a parse error's offset; None when the error comes
        before any (the JSON is broken on its own)."""
        before = [i for i, raw in enumerate(self.raw) if raw and self.starts[i] <= error]
        return problem_at(lines, self.starts[before[-1]], PARSE_ERROR, SYNTAX) if before else None

    def resolve(self, document: Document, lines: LineIndex) -> Problem | None:
        """The document's placeholders as Unknown values, its unknown and open pointers set; PF001 when a
        raw expansion stands in a key."""
        open_: set[str] = set()
        try:
            document.value = self._value(document.value, "", open_)
        except _Syntax as exc:
            return problem_at(lines, self.starts[exc.index], PARSE_ERROR, SYNTAX)
        document.unknown = frozenset(unknown_pointers(document.value))
        document.open = frozenset(open_)
        return None

    def _marker(self, text: str) -> int | None:
        """The expansion a placeholder string is of, when it is one raw expansion's."""
        if text and ord(text[0]) >= _BASE and text == text[0] * len(text) and self.raw[ord(text[0]) - _BASE]:
            return ord(text[0]) - _BASE
        return None

    def _value(self, value: Any, pointer: str, open_: set[str]) -> Any:
        if isinstance(value, str):
            return self._string(value) if value and max(value) >= chr(_BASE) else value
        if isinstance(value, list):
            raw = next((i for i in map(self._marker, filter(_is_str, value)) if i is not None), None)
            if raw is not None:  # `[$ITEMS]`: how many items, and which, the shell says
                return Unknown(self.sources[raw])
            return [self._value(item, jp.join(pointer, index), open_) for index, item in enumerate(value)]
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if key and max(key) >= chr(_BASE):
                    marker = next((ord(c) - _BASE for c in key if ord(c) >= _BASE and self.raw[ord(c) - _BASE]), None)
                    if marker is not None:
                        raise _Syntax(marker)
                    open_.add(pointer)  # `"$KEY": ...`: which key, the shell says
                    continue
                if isinstance(item, str) and self._marker(item) is not None:
                    open_.add(pointer)  # a raw value may expand to `1, "more": 2`
                result[key] = self._value(item, jp.join(pointer, key), open_)
            return result
        return value

    def _string(self, value: str) -> Unknown:
        """A string holding placeholders: Unknown, its text the string with the expansions as written."""
        parts, previous = [], ""
        for char in value:
            if ord(char) >= _BASE:
                if char != previous:
                    parts.append(self.sources[ord(char) - _BASE])
            else:
                parts.append(char)
            previous = char
        text = "".join(parts)
        return Unknown(text, fallback=_default(text))


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _default(text: str) -> str | None:
    """The literal of `${NAME:-literal}` / `${NAME-literal}`: what the shell sends when NAME is unset."""
    if not (text.startswith("${") and text.endswith("}")):
        return None
    inner = text[2:-1]
    name = inner[: len(inner) - len(inner.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"))]
    rest = inner[len(name) :]
    literal = rest[2:] if rest.startswith(":-") else rest[1:] if rest.startswith("-") else None
    if not name or literal is None or any(char in literal for char in "$`'\"\\{}"):
        return None
    return literal


def splice(text: str, expansions: list[tuple[int, int]]) -> Spliced | None:
    """The body with its expansions as placeholders; None when placeholders cannot be told from the text
    (it holds private-use characters of plane 15 or 16, or more expansions than there are of them)."""
    if len(expansions) > _LAST - _BASE or (text and max(text) >= chr(_BASE)):
        return None
    raw, inside, at = [], False, 0
    for start, end in expansions:  # is each expansion inside a JSON string?
        while at < start:
            match = _QUOTE_OR_ESCAPE.search(text, at, start) if inside else None
            if not inside:
                quote = text.find('"', at, start)
                if quote < 0:
                    break
                inside, at = True, quote + 1
            elif match is None:
                break
            elif match.group() == "\\":
                at = match.end() + 1
            else:
                inside, at = False, match.end()
        raw.append(not inside)
        at = max(at, end)
    return Spliced(text, expansions, raw)
