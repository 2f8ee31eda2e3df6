"""Shell words as POSIX shells read them, each character's offset in the file kept (shell.py's scanner).

Quotes, backslash escapes, line continuations and the operators that end a command (`;`, `|`,
`&&`, `(`, `)`, a newline) are read as the shell reads them. What the shell expands (`$name`,
`${...}`, `$(...)`, backquotes) stays in a word's text as written, its place in the text listed in
`Word.expansions`; an expansion the scanner cannot delimit (an unquoted `$(`, a backquote outside
double quotes, `$'...'`) makes the word `opaque`. A heredoc (`<<EOF`, `<<-EOF`, `<<'EOF'`) is read
at the end of its line: its body, up to the delimiter line, becomes a word of its own, attached to
the delimiter's word (`Word.heredoc`), expanded as the shell does unless the delimiter is quoted.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Word", "curl_commands"]

_PREFIX_WORDS = frozenset({"$", "%", ">", "sudo", "time", "command", "exec", "env", "nohup", "!"})
_BREAK = " \t\r\n;|&()<>`"  # what ends a word outside quotes
_SPECIAL = _BREAK + "'\"\\$"
_SPECIAL_PARAMETERS = "0123456789@*#?$!-"
HEREDOC = ("<<", "<<-")
HERESTRING = "<<<"


@dataclass
class Word:
    """A shell word: its text as the shell passes it, and where each run of its characters is."""

    text: str
    start: int
    runs: list[tuple[int, int]] = field(default_factory=list)  # (index in text, offset in the file)
    operator: bool = False  # a redirection: `>`, `<<`, `2>&`
    expansions: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in text of `$x`, `$(...)`
    opaque: bool = False  # holds an expansion the scanner cannot delimit
    heredoc: Word | None = None  # the delimiter word of a `<<`: the heredoc's body
    unended: int = -1  # a heredoc's body whose delimiter line never comes: the offset of its delimiter

    @property
    def expands(self) -> bool:
        """Whether the shell replaces part of the word."""
        return self.opaque or bool(self.expansions)

    def offset(self, index: int) -> int:
        """The file offset of the character at `index` of the text (its end: just after the last one)."""
        if not self.runs:
            return self.start
        at = max(bisect_right([run[0] for run in self.runs], index) - 1, 0)
        return self.runs[at][1] + index - self.runs[at][0]


class _Build:
    """A word's text put together run by run."""

    def __init__(self, start: int) -> None:
        self.word, self.length = Word("", start), 0
        self.parts: list[str] = []

    def add(self, offset: int, chunk: str, expansion: bool = False) -> None:
        if chunk:
            if expansion:
                self.word.expansions.append((self.length, self.length + len(chunk)))
            self.word.runs.append((self.length, offset))
            self.parts.append(chunk)
            self.length += len(chunk)

    def done(self) -> Word:
        self.word.text = "".join(self.parts)
        return self.word


def expansion_end(text: str, i: int, end: int) -> int | None:
    """Where the expansion at `i` (a `$` or a backquote) ends; None for a `$` the shell keeps."""
    if text[i] == "`":
        return _closing(text, i + 1, end, ["`"])
    following = text[i + 1] if i + 1 < end else ""
    if text.startswith("$((", i):
        return _closing(text, i + 3, end, [")", ")"])
    if following in "({" and following:
        return _closing(text, i + 2, end, [")" if following == "(" else "}"])
    if following.isascii() and (following.isalpha() or following == "_"):
        j = i + 2
        while j < end and text[j].isascii() and (text[j].isalnum() or text[j] == "_"):
            j += 1
        return j
    return i + 2 if following and following in _SPECIAL_PARAMETERS else None


def _closing(text: str, j: int, end: int, stack: list[str]) -> int:
    """The offset after what closes `stack` (nested `$( )`, `${ }`, quotes, backquotes); `end` if nothing does."""
    while j < end:
        char, top = text[j], stack[-1]
        if char == "\\":
            j += 2
            continue
        if char == top:
            stack.pop()
            if not stack:
                return j + 1
        elif top in ")}" and char == "'":
            close = text.find("'", j + 1, end)
            j = end if close < 0 else close + 1
            continue
        elif top != "`" and char == "$" and text[j + 1 : j + 2] in ("(", "{"):
            stack.append(")" if text[j + 1] == "(" else "}")
            j += 2
            continue
        elif top != "`" and char in '"`' and not (top == '"' and char == '"'):
            stack.append(char)
        elif top in ")}" and char == {")": "(", "}": "{"}[top]:
            stack.append(top)
        j += 1
    return end


def curl_commands(text: str) -> list[list[Word]]:
    """The `curl` commands of a text, each as its words (a prompt, `sudo` or `VAR=value` before it dropped).

    Only the logical lines that name curl or open a heredoc (whose body is then skipped: it holds no
    commands) are scanned, each once, so the time is linear in the text. A `cat <<EOF | curl ...`
    passes cat's heredoc on: its redirection words end the curl's."""
    found: list[list[Word]] = []
    scanner = _Scanner(text)
    position, curl, heredoc = 0, -1, -1
    while True:
        curl = curl if curl >= position else text.find("curl", position)
        heredoc = heredoc if heredoc >= position or heredoc == -2 else text.find("<<", position)
        heredoc = -2 if heredoc == -1 else heredoc  # none left: never looked for again
        hit = min(curl, heredoc) if curl >= 0 and heredoc >= 0 else curl
        if hit < 0:
            return found
        at = _line_start(text, hit, position)
        scanner.pending.clear()
        scanner.backquoted = False
        piped: list[Word] = []
        while (at <= hit or scanner.pending) and at < len(text):  # the line's heredocs read: not commands
            words, at = scanner.command(at)
            while words and (words[0].text in _PREFIX_WORDS or _assignment(words[0].text)):
                words = words[1:]
            if words and words[0].text.rsplit("/", 1)[-1] == "curl":
                found.append(words + piped)
            piped = _cat_input(words) if scanner.ended == "|" else []
        position = max(at, hit + 2)


def _cat_input(words: list[Word]) -> list[Word]:
    """The redirection of a `cat <<EOF` (nothing else on it) whose output goes to the next command."""
    if len(words) == 3 and words[0].text == "cat" and words[1].operator and words[1].text in (*HEREDOC, HERESTRING):
        return words[1:]
    return []


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
        self.pending: list[tuple[Word, bool, bool]] = []  # heredocs to read at the line's end: (delimiter, <<-, quoted)
        self.ended = ""  # the operator that ended the last command
        self.backquoted = False  # inside a `...` command substitution

    def command(self, i: int) -> tuple[list[Word], int]:
        """The words of the command that starts at `i`, and the offset after the character that ends it
        (after the bodies of the line's heredocs when a newline ends it)."""
        text, n = self.text, self.n
        words: list[Word] = []
        while i < n:
            char = text[i]
            if char == "\\" and text.startswith(("\\\n", "\\\r\n"), i):
                i += 2 if text[i + 1] == "\n" else 3
            elif char in " \t\r":
                i += 1
            elif text.startswith("((", i):  # an arithmetic command: `((x <<= 2))` opens no heredoc
                i = _closing(text, i + 2, n, [")", ")"])
            elif char in "\n;|&()`":
                self.ended = char
                self.backquoted = self.backquoted != (char == "`")
                return words, self._bodies(i + 1) if char == "\n" else i + 1
            elif char in "<>":
                end = i
                while end < n and text[end] in "<>&":
                    end += 1
                if text.startswith("<<-", end - 2) and text[i:end] == "<<":
                    end += 1
                words.append(Word(text[i:end], i, operator=True))
                i = end
            elif char == "#":
                end = text.find("\n", i)
                i = n if end < 0 else end
            else:
                word, end = self.word(i)
                if words and words[-1].operator and words[-1].text in HEREDOC:
                    quoted = any(quote in text[i:end] for quote in "'\"\\")
                    self.pending.append((word, words[-1].text == "<<-", quoted))
                words.append(word)
                i = end
        self.ended = ""
        return words, self._bodies(n)

    def _bodies(self, i: int) -> int:
        """The bodies of the heredocs opened on the line that ends before `i`; the offset after the last."""
        for delimiter, strip, quoted in self.pending:
            start, end, i = self._extent(i, delimiter.text, strip)
            body = self._verbatim(start, end, strip) if quoted else self._expanded(start, end, strip)
            body.unended = delimiter.start if end == self.n and i == self.n else -1
            delimiter.heredoc = body
        self.pending.clear()
        return i

    def _extent(self, i: int, delimiter: str, strip: bool) -> tuple[int, int, int]:
        """(start, end, after the delimiter line) of a heredoc body from `i`; to the end of the text when
        the delimiter line never comes, as the shell reads it."""
        text, start = self.text, i
        while i < self.n:
            newline = text.find("\n", i)
            stop = self.n if newline < 0 else newline
            line = text[i:stop].rstrip("\r")
            if (line.lstrip("\t") if strip else line) == delimiter:
                return start, i, min(stop + 1, self.n)
            i = stop + 1
        return start, self.n, self.n

    def _verbatim(self, start: int, end: int, strip: bool) -> Word:
        """A heredoc body under a quoted delimiter: its lines as written (leading tabs dropped for `<<-`)."""
        build, i = _Build(start), start
        while i < end:
            newline = self.text.find("\n", i, end)
            stop = end if newline < 0 else newline + 1
            while strip and i < stop and self.text[i] == "\t":
                i += 1
            build.add(i, self.text[i:stop])
            i = stop
        return build.done()

    def _expanded(self, start: int, end: int, strip: bool) -> Word:
        build = _Build(start)
        self._expanding(start, end, build, quote=False, strip=strip)
        return build.done()

    def word(self, i: int) -> tuple[Word, int]:
        text, n = self.text, self.n
        build = _Build(i)
        while i < n and text[i] not in _BREAK:
            char = text[i]
            if char == "'":
                end = text.find("'", i + 1)
                end = n if end < 0 else end
                build.add(i + 1, text[i + 1 : end])
                i = end + 1
            elif char == '"':
                i = self._expanding(i + 1, n, build, quote=True)
            elif char == "\\":
                if text.startswith(("\\\n", "\\\r\n"), i):
                    i += 2 if text[i + 1] == "\n" else 3
                else:
                    build.add(i + 1, text[i + 1 : i + 2])
                    i += 2
            elif char == "$" and (text[i + 1 : i + 2] not in ("(", "'", '"') or text.startswith("$((", i)):
                stop = expansion_end(text, i, n)
                end = i + 1 if stop is None else stop
                build.add(i, text[i:end], expansion=stop is not None)
                i = end
            else:
                build.word.opaque = build.word.opaque or char == "$"  # `$(`, `$'...'`, `$"..."`
                end = i + 1
                while end < n and text[end] not in _SPECIAL:
                    end += 1
                build.add(i, text[i:end])
                i = end
        build.word.opaque = build.word.opaque or (text[i : i + 1] == "`" and not self.backquoted)  # `cmd` opens
        return build.done(), min(i, n)

    def _expanding(self, i: int, end: int, build: _Build, quote: bool, strip: bool = False) -> int:
        """Text the shell expands: a double-quoted part from just after its quote (`quote`: the offset after
        its closing quote), or a heredoc body up to `end` (leading tabs of its lines dropped when `strip`)."""
        text = self.text
        escapable = '"\\$`\n' if quote else "\\$`\n"
        start = i
        while i < end and not (quote and text[i] == '"'):
            char = text[i]
            if char == "\\" and i + 1 < end and text[i + 1] in escapable:
                build.add(start, text[start:i])
                if text[i + 1] != "\n":
                    build.add(i + 1, text[i + 1])
                i = start = i + 2
            elif char in "$`" and (stop := expansion_end(text, i, end)) is not None:
                build.add(start, text[start:i])
                build.add(i, text[i:stop], expansion=True)
                i = start = stop
            elif strip and char == "\t" and (i == 0 or text[i - 1] == "\n"):
                build.add(start, text[start:i])
                while i < end and text[i] == "\t":
                    i += 1
                start = i
            else:
                i += 1
        build.add(start, text[start:i])
        return i + 1
