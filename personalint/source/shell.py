"""Persona bodies sent with `curl` in shell scripts (and the sh/bash/console blocks of Markdown).

    curl -X POST https://tavusapi.com/v2/personas \\
      -H "x-api-key: $TAVUS_API_KEY" \\
      -d '{"persona_name": "Coach", "system_prompt": "..."}'

Each `curl` of the file is split into shell words by a small scanner (quotes, backslash escapes,
line continuations, `;`, `|`, `&&`, `$( )` as POSIX shells read them) that keeps, for every
character of a word, its offset in the file. For a `curl` whose URL is a vendor endpoint
(kinds/endpoints.py; method from `-X`/`--request`, else POST when data is sent, GET with `-G`),
the body of `-d`/`--data`/`--data-raw`/`--data-binary`/`--json` is read as JSON, and each position
in it maps back to the file: the finding points into the quoted body at its line and column.
The document's kind is the request's. A body to no known endpoint counts only when its keys
clearly make it a persona (kinds.detect.persona_shape); another vendor endpoint's never does.

Read: single-quoted bodies (the usual way), and double-quoted ones the shell does not change.
Not read: a body holding `$VARIABLES` or `$(commands)` the shell expands, `@file` and `@-`
bodies, heredocs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from personalint.kinds.detect import persona_shape
from personalint.kinds.endpoints import NOT_PERSONA, request_kind
from personalint.source.document import SourceFile, Text
from personalint.source.json import load_json
from personalint.source.relocate import Place, move

__all__ = ["Word", "curl_commands", "load_shell"]

_DATA = frozenset({"--data", "--data-raw", "--data-binary", "--data-ascii", "--json"})
_LONG_WITH_VALUE = frozenset(
    {
        "--header", "--output", "--user", "--user-agent", "--referer", "--cookie", "--cookie-jar", "--form",
        "--form-string", "--write-out", "--max-time", "--connect-timeout", "--proxy", "--upload-file", "--config",
        "--retry", "--cacert", "--cert", "--key", "--range", "--proxy-user", "--resolve", "--max-redirs",
        "--limit-rate", "--data-urlencode", "--oauth2-bearer", "--retry-delay", "--retry-max-time", "--interface",
    }
)  # fmt: skip
_SHORT_WITH_VALUE = "dXHoOuAebcFwmxTKrEUyYzCtQ"
_PREFIX_WORDS = frozenset({"$", "%", ">", "sudo", "time", "command", "exec", "env", "nohup", "!"})
_BREAK = " \t\r\n;|&()<>`"  # what ends a word outside quotes
_SPECIAL = _BREAK + "'\"\\$"


@dataclass
class Word:
    """A shell word: its text as the shell passes it, and where each run of its characters is."""

    text: str
    start: int
    runs: list[tuple[int, int]] = field(default_factory=list)  # (index in text, offset in the file)
    expands: bool = False  # holds a `$` or backquote the shell replaces
    operator: bool = False  # a redirection: `>`, `<<`, `2>&`

    def offset(self, index: int) -> int:
        """The file offset of the character at `index` of the text (its end: just after the last one)."""
        if not self.runs:
            return self.start
        at = max(bisect_right([run[0] for run in self.runs], index) - 1, 0)
        return self.runs[at][1] + index - self.runs[at][0]


def load_shell(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona body of a `curl` command to a vendor endpoint."""
    text = source.text
    if "curl" not in text:
        return
    target = Text(text, "json")
    for command in curl_commands(text):
        url, method, body, skip = _request(command)
        if body is None or body.expands or body.text[skip:].lstrip().startswith("@") or not body.text[skip:].strip():
            continue
        kind = request_kind(url, method) if url else None
        if kind == NOT_PERSONA:
            continue
        inner = SourceFile(source.path, Text(body.text[skip:], "json"))
        load_json(inner, check_duplicates)
        place = Place(inner.lines, partial(_in_word, body, skip), target)
        documents = [d for d in inner.documents if kind is not None or persona_shape(d.value) is not None]
        if kind is not None or documents:
            source.problems.extend(place.problem(p) for p in inner.problems)
        for document in documents:
            move(document, place)
            document.index = len(source.documents)
            document.kind = kind
            document.kind_reason = f"{method} {url}" if kind else ""
            source.documents.append(document)


def _in_word(word: Word, skip: int, local: int) -> int:
    return word.offset(skip + local)


def _request(command: list[Word]) -> tuple[str | None, str, Word | None, int]:
    """A curl command's URL, method, data word and how many characters of that word are its option."""
    url: str | None = None
    method: str | None = None
    body: tuple[Word, int] | None = None
    get = False
    words = iter(command[1:])
    for word in words:
        text = word.text
        if word.operator:
            next(words, None)  # a redirection's file
            continue
        option = _long(word, words) if text.startswith("--") and len(text) > 2 else None
        if option is None and text.startswith("-") and len(text) > 1 and not text.startswith("--"):
            option = _short(word, words)
        if option is None:
            url = url or _url(text)
            continue
        name, value, skip = option
        get = get or name in ("--get", "--head", "G", "I")
        if value is None:
            continue
        if name in _DATA or name == "d":
            body = (value, skip)
        elif name in ("--request", "X"):
            method = value.text[skip:]
        elif name == "--url":
            url = url or value.text[skip:]
    chosen = (method or ("GET" if get or body is None else "POST")).upper()
    return url, chosen, body[0] if body else None, body[1] if body else 0


def _url(text: str) -> str | None:
    return text if text.startswith(("http://", "https://", "$")) or "/v1/" in text or "/v2/" in text else None


Option = tuple[str, "Word | None", int]  # (name, the word holding its value, characters of it before the value)


def _long(word: Word, words: Iterator[Word]) -> Option:
    """`--data '...'`, `--data='...'`, `--silent`."""
    name, eq, _ = word.text.partition("=")
    if eq:
        return name, word, len(name) + 1
    if name in _DATA or name in _LONG_WITH_VALUE or name in ("--request", "--url"):
        return name, next(words, None), 0
    return name, None, 0


def _short(word: Word, words: Iterator[Word]) -> Option:
    """A cluster of short options (`-sSX POST`, `-d'{...}'`): the first that takes a value, and its value;
    `G` (a GET) when it comes before."""
    text = word.text
    for index in range(1, len(text)):
        letter = text[index]
        if letter in _SHORT_WITH_VALUE:
            if index + 1 < len(text):
                return letter, word, index + 1
            return letter, next(words, None), 0
        if letter in "GI":
            return letter, None, 0
    return text[1:2], None, 0


def curl_commands(text: str) -> list[list[Word]]:
    """The `curl` commands of a text, each as its words (a prompt, `sudo` or `VAR=value` before it dropped).

    Only the logical lines that name curl are scanned, each once, so the time is linear in the text."""
    found: list[list[Word]] = []
    scanner = _Scanner(text)
    position = 0
    while (hit := text.find("curl", position)) >= 0:
        at = _line_start(text, hit, position)
        while at <= hit and at < len(text):
            words, at = scanner.command(at)
            while words and (words[0].text in _PREFIX_WORDS or _assignment(words[0].text)):
                words = words[1:]
            if words and words[0].text.rsplit("/", 1)[-1] == "curl":
                found.append(words)
        position = max(at, hit + 4)
    return found


def _assignment(text: str) -> bool:
    name, eq, _ = text.partition("=")
    return bool(eq) and name.isidentifier()


def _line_start(text: str, at: int, floor: int) -> int:
    """Where the logical line holding `at` starts (lines ending in a backslash continue), not before `floor`."""
    newline = text.rfind("\n", floor, at)
    start = newline + 1 if newline >= 0 else floor
    while start > floor and text[max(start - 3, 0) : start - 1].endswith(("\\", "\\\r")):
        newline = text.rfind("\n", floor, start - 1)
        start = newline + 1 if newline >= 0 else floor
    return start


class _Scanner:
    """Shell words from an offset to the end of their command, each character's place kept."""

    def __init__(self, text: str) -> None:
        self.text, self.n = text, len(text)

    def command(self, i: int) -> tuple[list[Word], int]:
        """The words of the command that starts at `i`, and the offset after the character that ends it."""
        text, n = self.text, self.n
        words: list[Word] = []
        while i < n:
            char = text[i]
            if char == "\\" and text.startswith(("\\\n", "\\\r\n"), i):
                i += 2 if text[i + 1] == "\n" else 3
            elif char in " \t\r":
                i += 1
            elif char in "\n;|&()`":
                return words, i + 1
            elif char in "<>":
                end = i
                while end < n and text[end] in "<>&":
                    end += 1
                words.append(Word(text[i:end], i, operator=True))
                i = end
            elif char == "#":
                end = text.find("\n", i)
                i = n if end < 0 else end
            else:
                word, i = self.word(i)
                words.append(word)
        return words, n

    def word(self, i: int) -> tuple[Word, int]:
        text, n = self.text, self.n
        word, parts, length = Word("", i), [], 0

        def run(offset: int, chunk: str) -> None:
            nonlocal length
            if chunk:
                word.runs.append((length, offset))
                parts.append(chunk)
                length += len(chunk)

        while i < n and text[i] not in _BREAK:
            char = text[i]
            if char == "'":
                end = text.find("'", i + 1)
                end = n if end < 0 else end
                run(i + 1, text[i + 1 : end])
                i = end + 1
            elif char == '"':
                i = self._double(i + 1, word, run)
            elif char == "\\":
                if text.startswith(("\\\n", "\\\r\n"), i):
                    i += 2 if text[i + 1] == "\n" else 3
                else:
                    run(i + 1, text[i + 1 : i + 2])
                    i += 2
            else:
                end = i + 1
                while end < n and text[end] not in _SPECIAL:
                    end += 1
                word.expands = word.expands or char == "$"
                run(i, text[i:end])
                i = end
        word.text = "".join(parts)
        return word, min(i, n)

    def _double(self, i: int, word: Word, run: Callable[[int, str], None]) -> int:
        """A double-quoted part from just after its quote; the offset after its closing quote."""
        text, n = self.text, self.n
        start = i
        while i < n and text[i] != '"':
            char = text[i]
            if char == "\\" and i + 1 < n and text[i + 1] in '"\\$`\n':
                run(start, text[start:i])
                if text[i + 1] != "\n":
                    run(i + 1, text[i + 1])
                i += 2
                start = i
                continue
            word.expands = word.expands or char in "$`"
            i += 1
        run(start, text[start:i])
        return i + 1
