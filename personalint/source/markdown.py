"""Persona configs in documentation: fenced code blocks of Markdown/MDX, `<pre>` blocks of HTML.

Each block goes to the reader of its language (the info string: json, yaml, ts, js, python,
sh, ...) as a text of its own in which the block sits at its own lines and columns (every
other character is blank), so every position that reader finds is the file's. Documentation
is full of other JSON and YAML (package.json, workflow snippets): a JSON/YAML block becomes
a document only when it is a persona config (its kind can be told); one that does not parse
is reported only when it holds persona keys.
"""

from __future__ import annotations

from html.parser import HTMLParser

from personalint.kinds import VENDOR_KEYS
from personalint.kinds.detect import detect
from personalint.source.document import SourceFile, Text

_LANGUAGES = {
    "json": "json", "jsonc": "json", "json5": "json",
    "yaml": "yaml", "yml": "yaml",
    "ts": "typescript", "tsx": "typescript", "typescript": "typescript",
    "js": "javascript", "jsx": "javascript", "javascript": "javascript", "mjs": "javascript",
    "py": "python", "python": "python", "python3": "python",
    "sh": "shell", "bash": "shell", "shell": "shell", "console": "shell", "zsh": "shell", "curl": "shell",
}  # fmt: skip
_PERSONA_WORDS = tuple(sorted({key for keys in VENDOR_KEYS.values() for key in keys} | {"personaConfig"}))


def load_markdown(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona config in a fenced code block of a Markdown or MDX file."""
    from markdown_it import MarkdownIt

    text = source.text
    starts = source.lines.starts
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence" or token.map is None:
            continue
        language = _LANGUAGES.get((token.info or "").strip().split(" ")[0].lower())
        first, end = token.map[0] + 1, token.map[1]  # the lines after the opening fence, up to the closing one
        if language is None or first >= len(starts):
            continue
        stop = starts[end - 1] if end - 1 < len(starts) and end - 1 > first else len(text)
        if end - 1 > first and not text[starts[end - 1] :].lstrip(" >\t").startswith(("```", "~~~")):
            stop = starts[end] if end < len(starts) else len(text)  # an unclosed fence runs to the end
        _load_block(source, language, starts[first], stop, check_duplicates)


def load_html(source: SourceFile, check_duplicates: bool) -> None:
    """A document for each persona config in a `<pre>` block of an HTML file (JSON, written without
    character references: a block with `&quot;` and the like is not read yet)."""
    finder = _PreBlocks(source)
    finder.feed(source.text)
    finder.close()
    for start, stop in finder.blocks:
        _load_block(source, "json", start, stop, check_duplicates)


def _load_block(source: SourceFile, language: str, start: int, stop: int, check_duplicates: bool) -> None:
    """Read text[start:stop] with its language's reader, at its own place; keep what is a persona config."""
    from personalint.source import FORMATS

    text = source.text
    block = text[start:stop]
    # every character before the block blank (line breaks kept): the block's lines and columns are the file's;
    # a blockquote's or list's prefix on the block's own lines becomes blank too
    padded = _blank(text[:start]) + "\n".join(_unprefixed(line) for line in block.split("\n"))
    inner = SourceFile(source.path, Text(padded, language))
    try:
        FORMATS[language].load(inner, check_duplicates)
    except ModuleNotFoundError as exc:  # that language's reader is not there
        if not (exc.name or "").startswith("personalint.source"):
            raise
        return
    code = FORMATS[language].code
    documents = [d for d in inner.documents if code or _persona(d.value)]
    if code or documents or any(word in block for word in _PERSONA_WORDS):
        source.problems.extend(inner.problems)
    for document in documents:
        document.index = len(source.documents)
        source.documents.append(document)


def _persona(value: object) -> bool:
    return detect(value).kind is not None


def _blank(text: str) -> str:
    return "".join(char if char in "\r\n" else " " for char in text)


def _unprefixed(line: str) -> str:
    """A block line with a blockquote's `>` markers as blanks (a list's indentation is blank already)."""
    stripped = line.lstrip(" \t>")
    prefix = line[: len(line) - len(stripped)]
    return (" " * len(prefix) if ">" in prefix else prefix) + stripped


class _PreBlocks(HTMLParser):
    """The character ranges of `<pre>` (or `<pre><code>`) texts written as one run of plain text: no
    character reference, no markup inside (a highlighted block's spans are not JSON)."""

    def __init__(self, source: SourceFile) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = source.lines.starts
        self.blocks: list[tuple[int, int]] = []
        self._inside = False
        self._runs: list[tuple[int, int]] = []  # (start, end) of each text run inside the open <pre>
        self._clean = True

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._inside, self._runs, self._clean = True, [], True
        elif self._inside and tag != "code":
            self._clean = False

    def handle_data(self, data: str) -> None:
        if self._inside and data.strip():
            start = self._offset()
            self._runs.append((start, start + len(data)))

    def handle_entityref(self, name: str) -> None:
        self._clean = False

    def handle_charref(self, name: str) -> None:
        self._clean = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._inside:
            if self._clean and len(self._runs) == 1:
                self.blocks.append(self._runs[0])
            self._inside = False
