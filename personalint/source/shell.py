"""Persona bodies sent with `curl` in shell scripts (and the shell blocks of Markdown).

    curl -X POST https://tavusapi.com/v2/personas \\
      -H "x-api-key: $TAVUS_API_KEY" \\
      -d '{"persona_name": "Coach", "system_prompt": "..."}'

A command line is split into shell words by a small scanner that keeps each word's place in
the file (quotes, backslash escapes and line continuations as POSIX shells read them). For a
`curl` to a vendor endpoint (kinds/endpoints.py; `-X`/`--request`, POST when data is sent),
the body of `-d`/`--data`/`--data-raw`/`--data-binary`/`--json` written in single quotes is
read as JSON at its exact place, and its kind is the request's. A body in double quotes may
hold `$VARIABLES` the shell expands: it is not read yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from personalint.kinds.detect import detect
from personalint.kinds.endpoints import NOT_PERSONA, request_kind
from personalint.source.document import SourceFile, Text
from personalint.source.json import load_json

_DATA = ("-d", "--data", "--data-raw", "--data-binary", "--json")
_METHOD = ("-X", "--request")


@dataclass
class Word:
    text: str  # the word as the shell passes it
    start: int  # where it starts in the file
    quoted: tuple[int, int] | None = None  # the inside of a single-quoted word that is the whole word


def load_shell(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona body of a `curl` command to a vendor endpoint."""
    text = source.text
    if "curl" not in text:
        return
    for command in _commands(text):
        if not command or command[0].text != "curl":
            continue
        url, method, body = _request(command)
        if url is None or body is None or body.quoted is None:
            continue
        kind = request_kind(url, method or "POST")
        if kind == NOT_PERSONA:
            continue
        start, stop = body.quoted
        padded = "".join(c if c in "\r\n" else " " for c in text[:start]) + text[start:stop]
        inner = SourceFile(source.path, Text(padded, "json"))
        load_json(inner, check_duplicates)
        for document in inner.documents:
            if kind is None and detect(document.value).kind is None:
                continue
            document.index = len(source.documents)
            document.kind = kind
            document.kind_reason = f"{(method or 'POST').upper()} {url}" if kind else ""
            source.documents.append(document)
        if inner.documents or kind:
            source.problems.extend(inner.problems)


def _request(command: list[Word]) -> tuple[str | None, str | None, Word | None]:
    url = method = None
    body: Word | None = None
    words = iter(command[1:])
    for word in words:
        if word.text in _METHOD:
            method = next(words, Word("", 0)).text
        elif word.text in _DATA:
            body = next(words, None)
        elif word.text.startswith(("http://", "https://")) or ("/v2/" in word.text or "/v1/" in word.text):
            url = word.text
    return url, method, body


def _commands(text: str) -> list[list[Word]]:
    """The file's commands, each a list of words (a line break ends a command unless escaped)."""
    commands: list[list[Word]] = [[]]
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and text[i + 1 : i + 2] == "\n":
            i += 2
        elif char in " \t\r":
            i += 1
        elif char in "\n;|&":
            commands.append([])
            i += 1
        elif char == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = n if end < 0 else end
        else:
            word, i = _word(text, i)
            commands[-1].append(word)
    return [c for c in commands if c]


def _word(text: str, i: int) -> tuple[Word, int]:
    """One shell word from offset `i`: its text and, for a word that is one single-quoted string, its inside."""
    start, n, parts = i, len(text), []
    quoted: tuple[int, int] | None = None
    while i < n and text[i] not in " \t\r\n;|&":
        char = text[i]
        if char == "'":
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            parts.append(text[i + 1 : end])
            quoted = (i + 1, end) if i == start else None
            i = end + 1
        elif char == '"':
            j, chunk = i + 1, []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                chunk.append(text[j])
                j += 1
            parts.append("".join(chunk))
            quoted, i = None, j + 1
        elif char == "\\" and i + 1 < n:
            parts.append(text[i + 1] if text[i + 1] != "\n" else "")
            quoted, i = None, i + 2
        else:
            parts.append(char)
            quoted, i = None, i + 1
    if quoted is not None and quoted[1] + 1 != i:  # more follows the quotes in the same word
        quoted = None
    return Word("".join(parts), start, quoted), i
