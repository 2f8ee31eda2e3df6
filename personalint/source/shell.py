"""Persona bodies sent with `curl` in shell scripts (and the sh/bash/console blocks of Markdown).

    curl -X POST https://tavusapi.com/v2/personas \\
      -H "x-api-key: $TAVUS_API_KEY" \\
      -d '{"persona_name": "Coach", "system_prompt": "..."}'

Each `curl` of the file is split into shell words by a small scanner (shell_scan.py: quotes,
backslash escapes, line continuations, `;`, `|`, `&&`, `$( )`, heredocs as POSIX shells read them)
that keeps, for every character of a word, its offset in the file. For a `curl` whose URL is a
vendor endpoint (kinds/endpoints.py; method from `-X`/`--request`, else POST when data is sent, GET
with `-G`), the body of `-d`/`--data`/`--data-raw`/`--data-binary`/`--json` is read as JSON, and
each position in it maps back to the file: the finding points into the body at its line and column.
The document's kind is the request's. A body to no known endpoint counts only when its keys
clearly make it a persona (kinds.detect.persona_shape); another vendor endpoint's never does.

Read: single-quoted bodies (the usual way); double-quoted ones, with the `$name`, `${name}`,
`$(command)` and backquoted commands the shell expands in them (shell_body.py): a JSON string
holding one is an Unknown value (never judged; its key is still checked), and so is one spliced
in where a value goes (`"fillers": $fillerPhrases`, its object then open); one where JSON syntax
goes leaves the body unread (PF001 says so, for a persona endpoint). The body of `@-` read from a
heredoc (`-d @- <<'EOF'`, `<<EOF`, `<<-EOF` with its tabs dropped, `<< "JSON"`, a here-string
`<<<`, or `cat <<EOF | curl ... -d @-`): expanded as above unless its delimiter is quoted, at the
heredoc's own lines; one whose delimiter line never comes runs to the end of the file, as the shell
reads it (PF001 at the delimiter when that is no JSON). Not read: `@file` bodies, `@-` from any
other command, a body the scanner cannot delimit (`$'...'`, a backquote or `$(` outside double quotes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from personalint.finding import Problem
from personalint.ids import PARSE_ERROR
from personalint.kinds.detect import persona_shape
from personalint.kinds.endpoints import NOT_PERSONA, request_kind
from personalint.source.code import Unknown
from personalint.source.document import Document, SourceFile, Text
from personalint.source.json import load_json
from personalint.source.positions import problem_at
from personalint.source.relocate import Place, move
from personalint.source.shell_body import Spliced, splice
from personalint.source.shell_scan import HEREDOC, HERESTRING, Word, curl_commands

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


@dataclass
class _Request:
    url: str | None
    method: str
    body: Word | None  # the data word (or, for `@-`, the heredoc's body)
    skip: int  # characters of `body` before the data: its option (`--data=`, `-d`)


def load_shell(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona body of a `curl` command to a vendor endpoint."""
    text = source.text
    if "curl" not in text:
        return
    target = Text(text, "json")
    for command in curl_commands(text):
        request = _request(command)
        if request.body is None:
            continue
        url, method = request.url, request.method
        kind = request_kind(url, method) if url else None
        if kind != NOT_PERSONA:
            _body(source, target, request, kind, f"{method} {url}" if kind else "", check_duplicates)


def _body(
    source: SourceFile, target: Text, request: _Request, kind: str | None, reason: str, check_duplicates: bool
) -> None:
    """The documents (and problems) of one request's body."""
    word, skip = request.body, request.skip
    assert word is not None
    body = word.text[skip:]
    if word.opaque or body.lstrip().startswith("@") or not body.strip():
        return
    expansions = [(start - skip, end - skip) for start, end in word.expansions if start >= skip]
    spliced = splice(body, expansions) if expansions else None
    if expansions and spliced is None:
        return
    inner = SourceFile(source.path, Text(spliced.text if spliced else body, "json"))
    load_json(inner, check_duplicates)
    local = spliced.old if spliced else _same
    place = Place(inner.lines, lambda at: word.offset(skip + local(at)), target)
    problems = _syntax(inner, spliced) if spliced else inner.problems
    documents: list[Document] = []
    for document in inner.documents:
        problem = spliced.resolve(document, inner.lines) if spliced else None
        if problem is not None:
            problems.append(problem)
        elif not isinstance(document.value, Unknown) and (kind is not None or persona_shape(document.value)):
            documents.append(document)
    if kind is not None or documents:
        source.problems.extend(_unended(word, target) if _broken(word, problems) else map(place.problem, problems))
    for document in documents:
        move(document, place)
        document.index = len(source.documents)
        document.kind = kind
        document.kind_reason = reason
        source.documents.append(document)


def _broken(word: Word, problems: list[Problem]) -> bool:
    """Whether a heredoc's body is not JSON because its delimiter line never comes."""
    return word.unended >= 0 and any(problem.rule == PARSE_ERROR for problem in problems)


def _unended(word: Word, target: Text) -> list[Problem]:
    message = "the heredoc's delimiter line never comes: its body runs to the end of the file; not checked"
    return [problem_at(target.lines, word.unended, PARSE_ERROR, message)]


def _same(at: int) -> int:
    return at


def _syntax(inner: SourceFile, spliced: Spliced) -> list[Problem]:
    """The problems of a spliced body: a parse error at or after a raw expansion is the expansion's."""
    problems = []
    for problem in inner.problems:
        if problem.rule == PARSE_ERROR and problem.span is not None:
            offset = inner.lines.starts[problem.span.line - 1] + problem.span.column - 1
            problem = spliced.syntax_problem(inner.lines, offset) or problem
        problems.append(problem)
    return problems


def _request(command: list[Word]) -> _Request:
    """A curl command's URL, method and data word (a heredoc's body for `@-`)."""
    url: str | None = None
    method: str | None = None
    body: tuple[Word, int] | None = None
    stdin: Word | None = None
    get = False
    words = iter(command[1:])
    for word in words:
        text = word.text
        if word.operator:
            target = next(words, None)  # a redirection's file, a heredoc's delimiter
            if target is not None and text in (*HEREDOC, HERESTRING):
                stdin = target if text == HERESTRING else target.heredoc
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
    if body is not None and body[0].text[body[1] :] == "@-" and stdin is not None:
        body = (stdin, 0)
    return _Request(url, chosen, body[0] if body else None, body[1] if body else 0)


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
